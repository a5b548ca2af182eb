import { describe, expect, it } from 'vitest';
import { bestLoad, engineSfoc } from '../../../shared/profile/index.ts';
import { resolveVesselProfile } from '../../../simulators/profiles.ts';
import { simulateTrip, surveyMetier, tripFigures } from '../../../simulators/scenario/savings-survey.ts';

const START = Date.UTC(2024, 5, 10, 4);
const fregate = resolveVesselProfile('la-fregate');

describe('the savings survey of simulated trips', () => {
  const truth = simulateTrip(fregate, 'SDN', 2, START);
  const f = tripFigures(fregate, truth);

  it('reads litres from the truth record and splits them by phase without losing any', () => {
    expect(f.conventionalL - f.hybridL).toBeCloseTo(f.savedL, 9);
    expect(f.savedL / f.conventionalL).toBeCloseTo(truth.savings.fraction, 12);
    const phases = Object.values(f.byPhase);
    expect(phases.reduce((s, p) => s + p.hybridL, 0)).toBeCloseTo(f.hybridL, 6);
    expect(phases.reduce((s, p) => s + p.conventionalL, 0)).toBeCloseTo(f.conventionalL, 6);
  });

  it('charges the shore energy the trip kept to the hybrid at the generators\' best specific consumption', () => {
    const best = Math.min(...fregate.generators.map((g) => engineSfoc(g, bestLoad(g) * g.ratedPower)));
    const kept = f.shoreKWh - f.batteryChangeKWh;
    expect(kept).toBeGreaterThan(0);
    const fuelL = ((kept * best) / 1000 / fregate.fuel.density) * 1000;
    expect(f.onboardSavedFraction).toBeCloseTo((f.savedL - fuelL) / f.conventionalL, 9);
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
