import { describe, expect, it } from 'vitest';
import { checkValue, lookupSignal, pathsFor, SIGNALS } from '../../shared/registry/index.ts';

describe('signal registry', () => {
  it('lists each path pattern once', () => {
    const patterns = SIGNALS.map((s) => s.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
  });

  it('gives every signal a physical range that contains zero or is strictly positive, and a positive resolution', () => {
    for (const s of SIGNALS) {
      expect(s.min, s.pattern).toBeLessThan(s.max);
      expect(s.resolution, s.pattern).toBeGreaterThan(0);
    }
  });

  it('covers every kind of equipment and measurement the trials need', () => {
    const needed = [
      'electrical.batteries.<id>.capacity.stateOfCharge', 'propulsion.<id>.power', 'electrical.generators.<id>.power',
      'propulsion.<id>.fuel.rate', 'electrical.solar.<id>.panelPower', 'electrical.windGenerators.<id>.power',
      'electrical.hydroGenerators.<id>.power', 'electrical.waveGenerators.<id>.power', 'electrical.shore.power',
      'electrical.loads.<id>.power', 'navigation.position.latitude', 'navigation.speedOverGround',
      'fishing.gear.state', 'environment.inside.wheelhouse.noiseLevel',
    ];
    for (const pattern of needed) expect(SIGNALS.some((s) => s.pattern === pattern), pattern).toBe(true);
  });

  it('resolves a concrete path to its pattern, whatever the equipment id', () => {
    expect(lookupSignal('electrical.batteries.main.voltage')?.unit).toBe('V');
    expect(lookupSignal('electrical.batteries.house2.voltage')?.unit).toBe('V');
    expect(lookupSignal('propulsion.gen1.fuel.rate')?.unit).toBe('m3/s');
  });

  it('knows no path outside the registry, including ids with separators or injection characters', () => {
    expect(lookupSignal('electrical.batteries.voltage')).toBeUndefined();
    expect(lookupSignal('electrical.batteries.a.b.voltage')).toBeUndefined();
    expect(lookupSignal('electrical.batteries.x"y.voltage')).toBeUndefined();
    expect(lookupSignal('navigation.position')).toBeUndefined();
  });

  it('judges values against the physical range', () => {
    expect(checkValue('electrical.batteries.main.capacity.stateOfCharge', 0.5)).toBe('ok');
    expect(checkValue('electrical.batteries.main.capacity.stateOfCharge', 1.5)).toBe('out-of-range');
    expect(checkValue('electrical.batteries.main.capacity.stateOfCharge', Number.NaN)).toBe('not-finite');
    expect(checkValue('no.such.path', 1)).toBe('unknown-path');
  });

  it('instantiates a vessel layout into concrete paths, each known to the registry', () => {
    const paths = pathsFor({ batteries: ['main'], generators: ['gen1', 'gen2'], motors: ['main'], loads: ['winch', 'hotel'] });
    expect(paths).toContain('propulsion.gen2.fuel.rate');
    expect(paths).toContain('electrical.loads.winch.power');
    expect(paths).toContain('propulsion.main.revolutions');
    expect(paths).not.toContain('propulsion.main.fuel.rate');
    expect(new Set(paths).size).toBe(paths.length);
  });
});
