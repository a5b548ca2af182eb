import { describe, expect, it } from 'vitest';
import { pathsFor } from '../../../shared/registry/index.ts';
import { fitMeasuredBaseline, measuredSavings } from '../../../shared/savings/index.ts';
import { randomFaultPlan } from '../../../simulators/faults/faults.ts';
import { profile, simulateTrip, START } from './simulated-trips.ts';

const DAY = 86_400_000;

/** Conventional reference trips of a métier, their telemetry through a random fault plan at `faultsPerHour`. */
function referenceTrips(seeds: readonly number[], faultsPerHour: number) {
  return seeds.map((seed, i) => {
    const start = START + i * 2 * DAY;
    const faults = faultsPerHour > 0
      ? randomFaultPlan({ seed, start, end: start + 2 * DAY, perHour: faultsPerHour, paths: pathsFor(profile.equipment), units: [1] })
      : [];
    return simulateTrip({ metier: 'OTB', seed, faults, start });
  });
}

const rows = (trips: ReturnType<typeof referenceTrips>) => trips.flatMap((t) => t.record.hours.map((hour) => ({
  // What the conventional vessel's meter logged over the seconds its telemetry covered.
  hour, fuelKg: ((t.conventionalByHour.get(Math.floor(hour.start / 3_600_000) * 3_600_000) ?? 0) * hour.coveredSeconds) / hour.seconds,
})));

describe('the measured baseline on a faulty reference period', () => {
  const faulty = referenceTrips([301, 302, 303], 4);

  it('leaves out the hours that gaps, clock jumps and silent meters spoilt, and says how many', () => {
    const fit = fitMeasuredBaseline(rows(faulty));
    expect(fit.unclean).toBeGreaterThan(0);
    expect(fit.n).toBe(fit.offered - fit.unclean);
    expect(fit.reason).toMatch(new RegExp(`${fit.unclean} of ${fit.offered} left out for gaps, clock jumps or silent meters`));
  });

  it('fitted on its clean hours, holds the truth of a clean reporting trip', () => {
    const fit = fitMeasuredBaseline(rows(faulty));
    expect(fit.accepted).toBe(true);
    const report = simulateTrip({ metier: 'OTB', seed: 310, start: START + 10 * DAY });
    const covered = report.record.hours.reduce((s, h) => s + h.fuel, 0);
    const s = measuredSavings(fit, report.record.hours, covered)!;
    const truth = report.truth.savings.fuelOnlyFraction;
    console.log(`option C on clean hours: ${(100 * s.fraction.value).toFixed(2)} % [${(100 * s.fraction.low).toFixed(2)}, ${(100 * s.fraction.high).toFixed(2)}], truth ${(100 * truth).toFixed(2)} %`);
    expect(s.fraction.low).toBeLessThanOrEqual(truth);
    expect(s.fraction.high).toBeGreaterThanOrEqual(truth);
  });

  it('is refused with its reason when too few clean hours are left, rather than give a number', () => {
    const fit = fitMeasuredBaseline(rows(referenceTrips([311], 30)));
    expect(fit.accepted).toBe(false);
    expect(fit.reason).toMatch(/clean reference hours .* fewer than the 27 that 9 parameters need; no percentage is given/);
    expect(measuredSavings(fit, [], 0)).toBeNull();
  });
});
