import type { Tolerance } from '../profile/vessel-profile.ts';
import { drawTolerance } from './baseline-parameters.ts';
import { PHASES, type TripPhase } from './phases.ts';
import { SeededRandom } from './seeded-random.ts';
import { quantile } from './statistics.ts';
import { studentTQuantile } from './student-t.ts';
import type { TripRecord } from './trip-analyzer.ts';
import type { Interval } from './trip-savings.ts';

const AT_SEA = PHASES.filter((p) => p !== 'port');

/** A hybrid trip as the comparison takes it: its phases' hours, its métier, its fuel (kg) with the battery's change valued. */
export interface HybridTripFuel { record: TripRecord; metier: string | null; fuelKg: number }
/** A control vessel's trip: its phases' covered hours and metered fuel, its métier. */
export interface ControlTripFuel { record: TripRecord; metier: string | null }

export interface ControlBaselineOptions {
  /** Stated tolerance of the control's fuel meters, and of the hybrid's: each drawn once per replicate. */
  controlFuelMeter: Tolerance;
  hybridFuelMeter: Tolerance;
  /** Bootstrap replicates; 2000 by default. */
  replicates?: number;
  seed?: number;
}

export interface ControlPhaseRate {
  phase: TripPhase;
  hybridHours: number;
  controlHours: number;
  /** The control's fuel per hour of the phase, kg/h, with its bootstrap interval over control trips. */
  controlKgPerHour: Interval;
}

/** The control baseline of one métier over a period (METHOD §3): what a conventional vessel would have burnt on the hybrid's trips. */
export interface ControlComparison {
  metier: string;
  method: 'bootstrap over trips';
  hybridTrips: number;
  controlTrips: number;
  phases: ControlPhaseRate[];
  /** Σ over phases of the hybrid's hours × the control's fuel per hour, kg. */
  expectedConventionalKg: Interval;
  hybridKg: number;
  savedKg: Interval;
  fraction: Interval;
}

export const CONTROL_BASELINE_DEFAULTS = { replicates: 2000, seed: 0xc0 } as const;

interface PhaseSums { fuel: Record<TripPhase, number>; hours: Record<TripPhase, number> }

function sumsOf(records: readonly TripRecord[]): PhaseSums {
  const fuel = Object.fromEntries(AT_SEA.map((p) => [p, 0])) as Record<TripPhase, number>;
  const hours = { ...fuel };
  for (const r of records) {
    for (const p of AT_SEA) {
      const t = r.byPhase[p];
      if (!t) continue;
      fuel[p] += t.fuelMetered + t.fuelEstimated;
      hours[p] += t.coveredSeconds / 3600;
    }
  }
  return { fuel, hours };
}

/** Fuel per hour of each phase; a phase the control never showed takes its mean rate at sea. */
function ratesOf(s: PhaseSums): Record<TripPhase, number> {
  const totalHours = AT_SEA.reduce((a, p) => a + s.hours[p], 0);
  const atSea = totalHours > 0 ? AT_SEA.reduce((a, p) => a + s.fuel[p], 0) / totalHours : 0;
  return Object.fromEntries(AT_SEA.map((p) => [p, s.hours[p] > 0 ? s.fuel[p] / s.hours[p] : atSea])) as Record<TripPhase, number>;
}

/**
 * A bootstrap of a handful of trips is too narrow twice over: resampling n items gives (n − 1)/n of their variance,
 * and its normal-looking quantiles ignore that the variance itself is estimated. As for a pooled two-sample t-interval
 * (both vessels' trips drawn from one population of conditions), the errors are scaled by √(N/(N − 2)) and by
 * t(0.975, N − 2) over z(0.975), N the trips of both vessels.
 */
export function smallSampleWidening(controlTrips: number, hybridTrips: number): number {
  const n = controlTrips + hybridTrips;
  return Math.sqrt(n / (n - 2)) * (studentTQuantile(0.975, n - 2) / Z_975);
}

const Z_975 = 1.959963984540054;

const resample = <T>(rng: SeededRandom, xs: readonly T[], n: number): T[] => Array.from({ length: n }, () => xs[Math.floor(rng.next() * xs.length)]!);

const interval = (value: number, draws: number[]): Interval => {
  draws.sort((a, b) => a - b);
  return { value, low: quantile(draws, 0.025), high: quantile(draws, 0.975) };
};

/**
 * The control baseline (METHOD §3): for each métier fished by both vessels over the period, the control's fuel per
 * hour of each phase times the hybrid's hours in it. Its interval is a bootstrap over trips: the control's rates are
 * drawn from its trips resampled, and what those rates would have been on the hybrid's own trips (another sample of
 * conditions, as many trips as the hybrid made) from a second resample; each replicate also draws both vessels' fuel
 * meters within their stated tolerance, the sampling part widened for small samples (`smallSampleWidening`). A métier
 * the hybrid did not fish, or the control fished fewer than twice, gives no comparison.
 */
export function controlComparisons(hybrid: readonly HybridTripFuel[], control: readonly ControlTripFuel[], options: ControlBaselineOptions): ControlComparison[] {
  const replicates = options.replicates ?? CONTROL_BASELINE_DEFAULTS.replicates;
  const metiers = [...new Set(hybrid.map((h) => h.metier).filter((m): m is string => m !== null))].sort();
  const out: ControlComparison[] = [];
  for (const metier of metiers) {
    const h = hybrid.filter((t) => t.metier === metier);
    const c = control.filter((t) => t.metier === metier).map((t) => t.record);
    // One trip tells nothing of how trips spread.
    if (c.length < 2) continue;
    const hours = Object.fromEntries(AT_SEA.map((p) => [p, h.reduce((a, t) => a + (t.record.byPhase[p]?.seconds ?? 0) / 3600, 0)])) as Record<TripPhase, number>;
    const sums = sumsOf(c);
    const rates = ratesOf(sums);
    const expectedOf = (r: Record<TripPhase, number>) => AT_SEA.reduce((a, p) => a + hours[p] * r[p], 0);
    const expected = expectedOf(rates);
    const hybridKg = h.reduce((a, t) => a + t.fuelKg, 0);
    const rng = new SeededRandom((options.seed ?? CONTROL_BASELINE_DEFAULTS.seed) ^ metier.charCodeAt(0));
    const rateDraws = AT_SEA.map(() => [] as number[]);
    const expectedDraws: number[] = [];
    const savedDraws: number[] = [];
    const fractionDraws: number[] = [];
    const widen = smallSampleWidening(c.length, h.length);
    for (let b = 0; b < replicates; b++) {
      const sampled = ratesOf(sumsOf(resample(rng, c, c.length)));
      const onHybridTrips = ratesOf(sumsOf(resample(rng, c, h.length)));
      const controlMeter = drawTolerance(rng, options.controlFuelMeter);
      const hybridMeter = drawTolerance(rng, options.hybridFuelMeter);
      // The rates' error in this replicate: the control's trips drawn again, against the conditions of as many trips
      // as the hybrid made; centred on nothing, spread by both samples' sizes. The meter reads true × its factor.
      const r = Object.fromEntries(AT_SEA.map((p) => [p, (rates[p] + widen * (sampled[p] - onHybridTrips[p])) / controlMeter])) as Record<TripPhase, number>;
      AT_SEA.forEach((p, k) => rateDraws[k]!.push(r[p]));
      const e = expectedOf(r);
      const saved = e - hybridKg / hybridMeter;
      expectedDraws.push(e);
      savedDraws.push(saved);
      fractionDraws.push(e > 0 ? saved / e : 0);
    }
    out.push({
      metier, method: 'bootstrap over trips', hybridTrips: h.length, controlTrips: c.length,
      phases: AT_SEA.map((p, k) => ({ phase: p, hybridHours: hours[p], controlHours: sums.hours[p], controlKgPerHour: interval(rates[p], rateDraws[k]!) })),
      expectedConventionalKg: interval(expected, expectedDraws),
      hybridKg,
      savedKg: interval(expected - hybridKg, savedDraws),
      fraction: interval(expected > 0 ? (expected - hybridKg) / expected : 0, fractionDraws),
    });
  }
  return out;
}
