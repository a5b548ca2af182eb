import { describe, expect, it } from 'vitest';
import { pathsFor } from '../../../shared/registry/index.ts';
import { fitMeasuredBaseline, measuredSavings, SeededRandom, type HourRecord } from '../../../shared/savings/index.ts';
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

describe("option C's interval is the regression's prediction interval", () => {
  const rng = new SeededRandom(5);
  const hour = (wave: number): HourRecord => {
    const towing = 1800 + 1200 * rng.next();
    return {
      start: 0, seconds: 3600, coveredSeconds: 3600, phaseSeconds: { towing, steaming: 3600 - towing },
      steamingCubedSpeed: (3600 - towing) * (4 + rng.next()) ** 3, towingSquaredSpeed: towing * (1.6 + 0.4 * rng.next()) ** 2,
      waveAtSea: wave * 3600, windSquaredAtSea: 3600 * (40 + 40 * rng.next()), fuel: 0,
    };
  };
  const truth = (h: HourRecord) => 60 + 0.02 * h.towingSquaredSpeed / 36 + 8 * h.waveAtSea / 3600;
  const reference = Array.from({ length: 80 }, () => hour(0.5 + rng.next())).map((h) => ({ hour: h, fuelKg: truth(h) + rng.normal(0, 3) }));
  const fit = fitMeasuredBaseline(reference);
  const width = (hours: HourRecord[]) => {
    const s = measuredSavings(fit, hours, hours.reduce((a, h) => a + 0.85 * truth(h), 0), 0)!;
    return s.savedKg.high - s.savedKg.low;
  };

  it('widens for a span unlike the reference: seas the reference never saw lean on its least certain coefficient', () => {
    const like = Array.from({ length: 12 }, () => hour(1));
    const unlike = Array.from({ length: 12 }, () => hour(4));
    expect(fit.accepted).toBe(true);
    console.log(`prediction interval: ${width(like).toFixed(1)} kg like the reference, ${width(unlike).toFixed(1)} kg in seas it never saw`);
    expect(width(unlike)).toBeGreaterThan(2 * width(like));
  });
});
