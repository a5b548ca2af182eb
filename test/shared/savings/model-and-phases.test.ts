import { describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { ElectricDrive } from '../../../simulators/physics/electric-drive.ts';
import { baselineModel, conventionalInstant, shaftPowerFromElectrical } from '../../../shared/savings/model-baseline.ts';
import { PhaseSmoother, type TripPhase } from '../../../shared/savings/phases.ts';

const profile = resolveVesselProfile('la-fregate');
const model = baselineModel(profile);
const idle = { stw: 0, propulsion: 0, hydro: 0, winch: 0, otherElectrical: 10_000, atSea: false, windTurbineThrust: 0 };

describe('model baseline (IPMVP option D)', () => {
  it('alongside, the twin carries a 10 kW hotel load on its 80 kW auxiliary set: 0.0007 + (290·0.25·80 kW/3.6e6 − 0.0007)/2 kg/s', () => {
    const b = conventionalInstant(model, idle);
    expect(b.mainPower).toBe(0);
    expect(b.auxPower).toBe(10_000);
    expect(b.fuelRate).toBeCloseTo(0.0007 + ((290 * 0.25 * 80_000) / 3.6e9 - 0.0007) / 2, 12);
  });
  it('at sea with nothing to do, the main engine idles and its hydraulic pumps turn', () => {
    const b = conventionalInstant(model, { ...idle, atSea: true });
    expect(b.mainPower).toBe(profile.conventional.hydraulicStandbyPower);
    expect(b.fuelRate).toBeGreaterThan(conventionalInstant(model, idle).fuelRate);
  });
  it('inverts the hybrid drive: the shaft power that draws a given electrical power is recovered', () => {
    for (const shaft of [20_000, 150_000, 400_000]) {
      expect(shaftPowerFromElectrical(profile.propulsion, new ElectricDrive(profile.propulsion).electricalPower(shaft))).toBeCloseTo(shaft, 0);
    }
  });
  it('a hydro-generator under way costs propulsion power, and its drag is not charged to the twin', () => {
    const work = { ...idle, atSea: true, stw: 4, propulsion: 150_000, otherElectrical: 15_000 };
    const without = conventionalInstant(model, work);
    const withHydro = conventionalInstant(model, { ...work, hydro: 400 });
    expect(withHydro.hydroDragCost).toBeGreaterThan(400 / profile.harvesters.hydro!.efficiency * 0.5);
    expect(withHydro.fuelRate).toBeLessThan(without.fuelRate);
  });
  it('draws of a higher SFOC level raise the baseline in proportion', () => {
    const work = { ...idle, atSea: true, stw: 4.5, propulsion: 200_000, otherElectrical: 15_000 };
    const base = conventionalInstant(model, work).fuelRate;
    const k = { ...model.k, mainEngineSfoc: 1.05, auxGeneratorSfoc: 1.05 };
    expect(conventionalInstant(baselineModel(profile, k), work).fuelRate).toBeCloseTo(base * 1.05, 9);
  });
});

describe('the Monte Carlo\'s parameters move each machine on its own', () => {
  const work = { ...idle, atSea: true, stw: 4.5, propulsion: 200_000, otherElectrical: 15_000 };
  const base = conventionalInstant(model, work).fuelRate;
  const moved = (k: Partial<typeof model.k>) => conventionalInstant(baselineModel(profile, { ...model.k, ...k }), work).fuelRate;

  it('a better hybrid propulsor means more thrust for the same power, so a thirstier twin; a better twin propulsor, a leaner one', () => {
    expect(moved({ hybridPropulsorQuality: 1.05 })).toBeGreaterThan(base * 1.02);
    expect(moved({ twinPropulsorQuality: 1.05 })).toBeLessThan(base * 0.98);
  });

  it('the same quality factor on both propulsors no longer cancels to nothing, but nearly', () => {
    expect(Math.abs(moved({ hybridPropulsorQuality: 1.05, twinPropulsorQuality: 1.05 }) / base - 1)).toBeLessThan(0.01);
  });

  it('a steeper part-load rise raises a twin at part load and leaves it at full load', () => {
    expect(moved({ mainEnginePartLoad: 1.04 })).toBeGreaterThan(base * 1.005);
    const full = { ...work, stw: 5.5, propulsion: 480_000 };
    const at = (k: Partial<typeof model.k>) => conventionalInstant(baselineModel(profile, { ...model.k, ...k }), full).fuelRate;
    expect(at({ mainEnginePartLoad: 1.04 }) / at({})).toBeLessThan(moved({ mainEnginePartLoad: 1.04 }) / base);
  });
});

describe('phase smoothing', () => {
  const run = (phases: TripPhase[], hold: number) => {
    const out: TripPhase[] = [];
    const s = new PhaseSmoother<number>(hold, (_i, p) => out.push(p));
    phases.forEach((p, i) => s.push(i * 1000, p, i));
    s.flush();
    return out;
  };
  it('ignores an excursion shorter than the hold', () => {
    expect(run(['steaming', 'steaming', 'towing', 'towing', 'steaming', 'steaming'], 3)).toEqual(Array(6).fill('steaming'));
  });
  it('switches at the first instant of a phase that holds, in order', () => {
    expect(run(['steaming', 'steaming', 'towing', 'towing', 'towing', 'towing', 'towing'], 3))
      .toEqual(['steaming', 'steaming', 'towing', 'towing', 'towing', 'towing', 'towing']);
  });
});
