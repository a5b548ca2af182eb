import { describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../simulators/profiles.ts';
import { HybridTrawler } from '../../../simulators/vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from '../../../simulators/vessel/signals.ts';
import type { TripTruth } from '../../../simulators/vessel/truth.ts';

const profile = resolveVesselProfile('la-fregate');
const START = Date.UTC(2024, 5, 10, 4);

/** Runs one whole trip, integrating the emitted signals second by second as a shore analysis would. */
function runTrip(metier: string, seed: number) {
  const sim = new HybridTrawler({ profile, metier, seed, start: START });
  const bindings = signalBindings(profile);
  const sums: Record<string, number> = {};
  while (sim.completedTrips.length === 0) {
    sim.step();
    const r = readingsOf(bindings, sim.instant);
    for (const [path, v] of Object.entries(r)) sums[path] = (sums[path] ?? 0) + (v as number);
  }
  return { truth: sim.completedTrips[0]!, sums };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe.each(['OTB', 'OTM', 'SDN'])('a simulated %s trip of La Frégate', (metier) => {
  const { truth, sums } = runTrip(metier, 11);

  it('conserves energy on the DC bus within 0.1 %', () => {
    const s = truth.energy.sources;
    const l = truth.energy.loads;
    const supplied = sum(s.generators) + s.solar + s.wind + s.hydro + s.wave + s.shore + s.batteryDischarge;
    const used = l.propulsion + l.winch + l.hotel + l.stabiliser + l.batteryCharge;
    expect(Math.abs(supplied - used) / used).toBeLessThan(0.001);
  });

  it('accounts the battery: energy in − energy out = stored change + losses, within 0.1 % of throughput', () => {
    const e = truth.energy;
    const throughput = e.loads.batteryCharge + e.sources.batteryDischarge;
    const balance = e.loads.batteryCharge - e.sources.batteryDischarge - (truth.battery.energyEnd - truth.battery.energyStart) - e.batteryLosses;
    expect(Math.abs(balance) / throughput).toBeLessThan(0.001);
    expect(e.batteryLosses).toBeGreaterThan(0);
  });

  it('has truth totals equal to the integrals of the emitted signals', () => {
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
    close(sums['electrical.generators.gen1.power']! + sums['electrical.generators.gen2.power']!, sum(truth.energy.sources.generators));
    close(sums['propulsion.main.power']!, truth.energy.loads.propulsion);
    close(sums['electrical.loads.winch.power']!, truth.energy.loads.winch);
    close(sums['electrical.loads.hotel.power']!, truth.energy.loads.hotel);
    close(sums['electrical.shore.power']!, truth.energy.sources.shore);
    close(sums['electrical.solar.main.panelPower']!, truth.energy.sources.solar);
    const fuelVolume = sums['propulsion.gen1.fuel.rate']! + sums['propulsion.gen2.fuel.rate']!;
    close(fuelVolume * profile.fuel.density, truth.fuel.hybrid);
  });

  it('records phases that tile the trip from port to port', () => {
    expect(truth.phases[0]!.phase).toBe('port');
    expect(truth.phases.at(-1)!.phase).toBe('port');
    expect(truth.phases[0]!.start).toBe(truth.start);
    expect(truth.phases.at(-1)!.end).toBe(truth.end);
    truth.phases.slice(1).forEach((p, i) => expect(p.start).toBe(truth.phases[i]!.end));
    expect(truth.phases.map((p) => p.phase)).toContain('towing');
  });

  it('burns less fuel than its conventional twin did on the same trip, by a physically plausible margin', () => {
    expect(truth.fuel.conventional).toBeCloseTo(truth.fuel.conventionalMainEngine + truth.fuel.conventionalAuxiliary, 6);
    expect(truth.savings.fraction).toBeGreaterThan(0.03);
    expect(truth.savings.fraction).toBeLessThan(0.35);
  });
});

describe('determinism', () => {
  it('replays the same trip bit for bit from the same seed, and another one from another seed', () => {
    const a = runTrip('OTB', 5);
    const b = runTrip('OTB', 5);
    const c = runTrip('OTB', 6);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.truth.fuel.hybrid).not.toBe(a.truth.fuel.hybrid);
  });
});

describe('trips in sequence', () => {
  it('starts the next trip where the last ended, each with its own truth record', () => {
    const trips: TripTruth[] = [];
    const sim = new HybridTrawler({ profile, metier: 'SDN', seed: 3, start: START, onTrip: (t) => trips.push(t) });
    sim.advanceTo(START + 48 * 3_600_000);
    expect(trips.length).toBeGreaterThanOrEqual(2);
    expect(trips[1]!.start).toBe(trips[0]!.end);
    expect(trips[1]!.battery.socStart).toBe(trips[0]!.battery.socEnd);
    expect(trips.map((t) => t.tripIndex)).toEqual(trips.map((_, i) => i));
  });
});
