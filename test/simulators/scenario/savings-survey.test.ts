import { describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { simulateTrip, surveyMetier, tripFigures } from '../../../simulators/scenario/savings-survey.ts';

const START = Date.UTC(2024, 5, 10, 4);
const fregate = resolveVesselProfile('la-fregate');

describe('the savings survey of simulated trips', () => {
  const truth = simulateTrip(fregate, 'SDN', 2, START);
  const f = tripFigures(fregate, truth);

  it('reads the voyage\'s litres from the truth record: saved = conventional − hybrid − the battery\'s change', () => {
    expect(f.conventionalL - f.hybridL - f.batteryL).toBeCloseTo(f.savedL, 9);
    expect(f.savedL / f.conventionalL).toBeCloseTo(truth.savings.fraction, 12);
    expect((f.conventionalL - f.hybridL) / f.conventionalL).toBeCloseTo(f.fuelOnlySavedFraction, 12);
  });

  it('splits the whole record\'s fuel by phase without losing any, port stays included', () => {
    const phases = Object.values(f.byPhase);
    const litres = (kg: number) => (kg / fregate.fuel.density) * 1000;
    expect(phases.reduce((s, p) => s + p.hybridL, 0)).toBeCloseTo(litres(truth.fuel.hybrid), 6);
    expect(phases.reduce((s, p) => s + p.conventionalL, 0)).toBeCloseTo(litres(truth.fuel.conventional), 6);
    expect(phases.filter((_, i) => Object.keys(f.byPhase)[i] !== 'port').reduce((s, p) => s + p.conventionalL, 0)).toBeCloseTo(f.conventionalL, 6);
  });

  it('values a battery drawn down at sea as fuel the sets would have burnt to recharge it', () => {
    expect(f.batteryChangeKWh).toBeLessThan(0);
    expect(f.batteryL).toBeGreaterThan(0);
    expect(truth.savings.fraction).toBeLessThan(truth.savings.fuelOnlyFraction);
  });

  it('gives the same figures for the same seeds, with min ≤ mean ≤ max over them', () => {
    const a = surveyMetier(fregate, 'SDN', [2, 3], START);
    expect(a.trips[0]).toEqual(f);
    expect(surveyMetier(fregate, 'SDN', [2, 3], START)).toEqual(a);
    expect(a.savedFraction.min).toBeLessThanOrEqual(a.savedFraction.mean);
    expect(a.savedFraction.mean).toBeLessThanOrEqual(a.savedFraction.max);
    expect(a.savedFraction.min).toBeLessThan(a.savedFraction.max);
  });
});
