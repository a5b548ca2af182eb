import { describe, expect, it } from 'vitest';
import { aggregateSavings, SeededRandom, type TripSavings } from '../../../shared/savings/index.ts';

/**
 * A trip's savings as the engine states them, reduced to what an aggregate reads: 1000 kg of baseline, a saving of
 * 100 kg ± a draw (`errors`, kg), densities and intervals consistent with those draws.
 */
function trip(errors: readonly number[]): TripSavings {
  const saved = errors.map((e) => 100 + e);
  const sorted = [...saved].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.round(p * (sorted.length - 1))]!;
  const i = { value: q(0.5), low: q(0.025), high: q(0.975) };
  const zero = { value: 0, low: 0, high: 0 };
  return {
    included: true, reasons: [], reasonCodes: [], metier: 'OTB', coverage: 1, hoursAtSea: 20,
    fuel: {
      density: 845, actualKg: 900, actualL: 900 / 0.845, baselineKg: 1000, baselineL: 1000 / 0.845, estimatedShare: 0,
      savedKg: i, savedL: i, fraction: { value: i.value / 1000, low: i.low / 1000, high: i.high / 1000 }, fuelOnly: { savedL: i, fraction: zero },
    },
    co2e: { actualKg: 0, baselineKg: 0, shoreKg: 0, savedKg: zero }, nox: { avoidedKg: zero }, pm: { avoidedKg: zero },
    battery: { socDeparture: 0.9, socArrival: 0.9, energyChangeKWh: 0, chargeEfficiency: 0.95, marginalSfoc: 200, fuelEquivalentL: 0 },
    shore: { kWh: 0, co2eKg: 0 }, portStay: null, uncoveredBaselineKg: 0,
    draws: { baselineKg: errors.map(() => 1000), savedKg: saved, fuelOnlySavedKg: saved },
  };
}

const normals = (seed: number, n: number) => {
  const rng = new SeededRandom(seed);
  return Array.from({ length: n }, () => rng.normal(0, 20));
};
const width = (i: { low: number; high: number }) => i.high - i.low;

describe('savings over several trips, draw by draw', () => {
  it('keeps a systematic error whole: trips of one vessel sharing their draws give a season as wide, in percent, as a trip', () => {
    const shared = normals(1, 400);
    const one = trip(shared);
    const season = aggregateSavings(Array.from({ length: 16 }, () => trip(shared)));
    expect(width(season.fuel.fraction) / width(one.fuel.fraction)).toBeCloseTo(1, 2);
  });

  it('lets independent errors average out: 16 vessels\' independent draws narrow the fraction about four times', () => {
    const one = trip(normals(1, 400));
    const fleet = aggregateSavings(Array.from({ length: 16 }, (_, k) => trip(normals(100 + k, 400))));
    const ratio = width(fleet.fuel.fraction) / width(one.fuel.fraction);
    expect(ratio).toBeGreaterThan(0.18);
    expect(ratio).toBeLessThan(0.35);
  });

  it('sums litres and fractions within each draw: the fraction is Σ saved / Σ baseline', () => {
    const a = aggregateSavings([trip(normals(3, 200)), trip(normals(4, 200))]);
    expect(a.fuel.fraction.value).toBeCloseTo((a.fuel.savedL.value * 0.845) / 2000, 2);
    expect(a.included).toBe(2);
  });
});
