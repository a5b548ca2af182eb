import { describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { calibrationPlans, runWorld, summarise } from '../../../simulators/validation/calibration.ts';

/**
 * A calibration small enough for CI (the full one is `npm run bench -- evidence-calibration`): 20 vessels, each in a
 * world of its own drawn from its profile's tolerances, both profiles and every métier, the four seasons, two voyages
 * each and random faults on every third. The engine sees the nominal profile and the telemetry only.
 */
const profiles = [resolveVesselProfile('la-fregate'), resolveVesselProfile('coastal-12m')];
const outcomes = calibrationPlans(profiles, 20, 2, 0, 101).map((plan) => runWorld(plan, 100));
const s = summarise(outcomes);
console.log(`calibration: ${JSON.stringify({ model: s.model, byMetier: s.byMetier, aggregate: s.aggregate, found: `${s.found}/${s.trips}` })}`);

describe('the model baseline against worlds it cannot see', () => {
  it('its 95 % interval holds the true saving on 90–98 % of the included trips', () => {
    expect(s.model.compared).toBeGreaterThanOrEqual(30);
    expect(s.model.coverage).toBeGreaterThanOrEqual(0.9);
    expect(s.model.coverage).toBeLessThanOrEqual(0.98);
  });

  it('every métier of both profiles is represented and covered on most of its trips', () => {
    expect(Object.keys(s.byMetier).sort()).toEqual(['fregate.OTB', 'fregate.OTM', 'fregate.SDN', 'karoline.OTB', 'karoline.SDN']);
    for (const m of Object.values(s.byMetier)) expect(m.coverage).toBeGreaterThanOrEqual(0.75);
  });

  it('a world\'s aggregate interval, its systematic error kept whole, holds the aggregate truth in ≥ 90 % of worlds', () => {
    expect(s.aggregate.worlds).toBeGreaterThanOrEqual(15);
    expect(s.aggregate.coverage).toBeGreaterThanOrEqual(0.9);
  });
});
