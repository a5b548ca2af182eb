import { describe, expect, it } from 'vitest';
import { resolveConventionalVesselProfile, resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { controlCalibrationPlans, runControlWorld, summariseControl } from '../../../simulators/validation/control-calibration.ts';

/**
 * The control baseline against truths it cannot see, in small (the bench runs 20 worlds and more): a hybrid and its
 * conventional sister ship, each in a world of its own, fishing over the same days in the same weather.
 */
describe('control baseline calibration', () => {
  const outcomes = controlCalibrationPlans(resolveVesselProfile('la-fregate'), resolveConventionalVesselProfile('la-fregate-control'), 3, 3, 501)
    .map((plan) => runControlWorld(plan));
  const summary = summariseControl(outcomes);

  it("finds every voyage of both vessels, the control's with the métier it fished", () => {
    expect(summary.hybridFound).toBe(1);
    expect(summary.controlTripsFound).toBe(1);
    expect(summary.controlMetierRight).toBe(1);
    expect(summary.compared).toBe(3);
  });

  it("holds the true saving against the control vessel doing the hybrid's work", () => {
    for (const o of outcomes) {
      const c = o.comparison!;
      expect(c.fraction.low, `${o.plan.metier} seed ${o.plan.seed}`).toBeLessThanOrEqual(o.truth.fraction);
      expect(c.fraction.high, `${o.plan.metier} seed ${o.plan.seed}`).toBeGreaterThanOrEqual(o.truth.fraction);
    }
  });
});
