import { interpolate } from '../profile/curves.ts';
import type { ConventionalVesselProfile } from '../profile/conventional-vessel-profile.ts';
import type { Tolerance } from '../profile/vessel-profile.ts';
import { drawTolerance } from './baseline-parameters.ts';
import { PHASES, type TripPhase } from './phases.ts';
import { SeededRandom } from './seeded-random.ts';
import { quantile } from './statistics.ts';
import { studentTQuantile } from './student-t.ts';
import type { TripRecord } from './trip-analyzer.ts';
import type { Interval } from './trip-savings.ts';

const AT_SEA = PHASES.filter((p) => p !== 'port');

/** A hybrid trip as the comparison takes it: its phases' hours and speeds, its métier, its fuel (kg) with the battery's change valued. */
export interface HybridTripFuel { record: TripRecord; metier: string | null; fuelKg: number }
/** A control vessel's trip: its phases' covered hours, metered fuel and speeds, its métier. */
export interface ControlTripFuel { record: TripRecord; metier: string | null }

export interface ControlBaselineOptions {
  /** The control's hull and gear as declared: the shape of its fuel rate's rise with speed (`calmWaterPower`). */
  profile: Pick<ConventionalVesselProfile, 'hull' | 'metiers'>;
  /** Stated tolerances of the control's fuel meters and speed log, and of the hybrid's: each drawn once per replicate. */
  controlFuelMeter: Tolerance;
  hybridFuelMeter: Tolerance;
  controlSpeedLog: Tolerance;
  hybridSpeedLog: Tolerance;
  /** Bootstrap replicates; 2000 by default. */
  replicates?: number;
  seed?: number;
}

export interface ControlPhaseRate {
  phase: TripPhase;
  hybridHours: number;
  controlHours: number;
  /** The control's own fuel per hour of the phase, kg/h, with its bootstrap interval over control trips. */
  controlKgPerHour: Interval;
  /** What the control would have burnt in the hybrid's hours of the phase at the hybrid's speeds, kg. */
  expectedKg: Interval;
}

/** The control baseline of one métier over a period (METHOD §3): what a conventional vessel would have burnt on the hybrid's trips. */
export interface ControlComparison {
  metier: string;
  method: 'bootstrap over trips';
  hybridTrips: number;
  controlTrips: number;
  phases: ControlPhaseRate[];
  /** Σ over phases of the hybrid's hours × the control's fuel per hour at the hybrid's speeds, kg. */
  expectedConventionalKg: Interval;
  hybridKg: number;
  savedKg: Interval;
  fraction: Interval;
}

export const CONTROL_BASELINE_DEFAULTS = { replicates: 2000, seed: 0xc0 } as const;

const GEAR_PHASES: ReadonlySet<TripPhase> = new Set(['shooting', 'towing', 'hauling']);

/**
 * The declared calm-water power of the phase at a speed through water, W: the bare hull's resistance, and the
 * métier's gear drag when gear is out, times the speed. A fuel rate rises with it, not with the hours: it goes
 * from 120 kW at 8.5 kn to 240 kW at 10 kn on a 22 m trawler, so a rate per hour learnt at one steaming speed is
 * wrong at another by far more than the trips' scatter.
 */
export function calmWaterPower(profile: ControlBaselineOptions['profile'], metier: string, phase: TripPhase, speed: number): number {
  const gear = GEAR_PHASES.has(phase) ? profile.metiers.find((m) => m.code === metier) : undefined;
  const force = interpolate(profile.hull.resistance, 'speed', 'force', speed) + (gear ? interpolate(gear.gearDrag, 'speed', 'force', speed) : 0);
  return force * speed;
}

/** One phase of one trip: its seconds (covered, for a control), fuel (kg), and its segments' seconds, speed and fuel rate. */
interface PhaseData { seconds: number; fuel: number; segments: { seconds: number; stw: number; fuel: number }[] }
type TripData = Record<TripPhase, PhaseData>;

function phaseData(r: TripRecord, hybrid: boolean): TripData {
  return Object.fromEntries(AT_SEA.map((p) => {
    const t = r.byPhase[p];
    return [p, {
      seconds: t ? (hybrid ? t.seconds : t.coveredSeconds) : 0,
      fuel: t ? t.fuelMetered + t.fuelEstimated : 0,
      segments: r.segments.filter((s) => s.phase === p).map((s) => ({ seconds: s.seconds, stw: s.stw, fuel: s.fuel })),
    }];
  })) as TripData;
}

/**
 * The control's fuel rate in one phase as a line in the calm-water power x (the engine's Willans line: idle fuel
 * plus a fuel per unit of power, the propeller's and the sea's share folded in): the level `rate` (kg/s) at the mean
 * power `x` of its covered seconds, and the slope (kg/J), fitted over its segments weighted by their seconds. A slope
 * is never negative (more power never burns less) and is zero where the segments' powers hardly spread (nothing to
 * fit it on), or where there are none: the rate per hour then stands alone.
 */
interface PhaseRate { rate: number; x: number; slope: number; seconds: number }

function fitPhase(trips: readonly TripData[], phase: TripPhase, power: (speed: number) => number): PhaseRate {
  let seconds = 0;
  let fuel = 0;
  let w = 0;
  let sx = 0;
  let sy = 0;
  const points: { w: number; x: number; y: number }[] = [];
  for (const t of trips) {
    const d = t[phase];
    seconds += d.seconds;
    fuel += d.fuel;
    for (const s of d.segments) {
      const x = power(s.stw);
      points.push({ w: s.seconds, x, y: s.fuel });
      w += s.seconds;
      sx += s.seconds * x;
      sy += s.seconds * s.fuel;
    }
  }
  if (w === 0) return { rate: seconds > 0 ? fuel / seconds : NaN, x: 0, slope: 0, seconds };
  const mx = sx / w;
  const my = sy / w;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += p.w * (p.x - mx) ** 2;
    sxy += p.w * (p.x - mx) * (p.y - my);
  }
  const spread = Math.sqrt(sxx / w);
  const slope = spread > MIN_POWER_SPREAD * Math.max(mx, 1) ? Math.max(0, sxy / sxx) : 0;
  return { rate: fuel / seconds, x: mx, slope, seconds };
}

/** Below this spread of the segments' powers (a fraction of their mean) a slope is noise. */
const MIN_POWER_SPREAD = 0.02;

/** The hybrid's seconds in each phase and their mean calm-water power (that of the control's fit where it has no segments there). */
function hybridLoad(trips: readonly TripData[], phase: TripPhase, power: (speed: number) => number): { seconds: number; x: number | null } {
  let seconds = 0;
  let w = 0;
  let sx = 0;
  for (const t of trips) {
    seconds += t[phase].seconds;
    for (const s of t[phase].segments) {
      w += s.seconds;
      sx += s.seconds * power(s.stw);
    }
  }
  return { seconds, x: w > 0 ? sx / w : null };
}

/** The control's fuel (kg) in the hybrid's seconds of each phase at the hybrid's powers; a phase the control never showed at its mean rate at sea. */
function expectedByPhase(rates: Record<TripPhase, PhaseRate>, load: Record<TripPhase, { seconds: number; x: number | null }>): Record<TripPhase, number> {
  const seen = AT_SEA.filter((p) => rates[p].seconds > 0);
  const atSea = seen.reduce((a, p) => a + rates[p].rate * rates[p].seconds, 0) / seen.reduce((a, p) => a + rates[p].seconds, 0);
  return Object.fromEntries(AT_SEA.map((p) => {
    const r = rates[p];
    const l = load[p];
    if (r.seconds === 0) return [p, l.seconds * atSea];
    return [p, l.seconds * (r.rate + r.slope * ((l.x ?? r.x) - r.x))];
  })) as Record<TripPhase, number>;
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

const sum = (r: Record<TripPhase, number>) => AT_SEA.reduce((a, p) => a + r[p], 0);

/**
 * The control baseline (METHOD §3): for each métier fished by both vessels over the period, the control's fuel rate
 * in each phase as a line in the declared calm-water power at its speed, fitted on its own segments, priced at the
 * hybrid's own speeds over the hybrid's hours in that phase. Its interval is a bootstrap over trips: the control's
 * lines are fitted again on its trips resampled, and what their levels would have been under the conditions of the
 * hybrid's own trips (another sample of conditions, as many trips as the hybrid made) from a second resample, on the
 * first's slopes; the sampling part is widened for small samples (`smallSampleWidening`). Each replicate also draws
 * both vessels' fuel meters and speed logs within their stated tolerances. A métier the hybrid did not fish, or the
 * control fished fewer than twice, gives no comparison.
 */
export function controlComparisons(hybrid: readonly HybridTripFuel[], control: readonly ControlTripFuel[], options: ControlBaselineOptions): ControlComparison[] {
  const replicates = options.replicates ?? CONTROL_BASELINE_DEFAULTS.replicates;
  const metiers = [...new Set(hybrid.map((h) => h.metier).filter((m): m is string => m !== null))].sort();
  const out: ControlComparison[] = [];
  for (const metier of metiers) {
    const h = hybrid.filter((t) => t.metier === metier);
    const c = control.filter((t) => t.metier === metier).map((t) => phaseData(t.record, false));
    // One trip tells nothing of how trips spread.
    if (c.length < 2) continue;
    const hd = h.map((t) => phaseData(t.record, true));
    const power = (phase: TripPhase, speedLog: number) => (speed: number) => calmWaterPower(options.profile, metier, phase, speed / speedLog);
    const fit = (trips: readonly TripData[], speedLog: number) => Object.fromEntries(AT_SEA.map((p) => [p, fitPhase(trips, p, power(p, speedLog))])) as Record<TripPhase, PhaseRate>;
    const loadOf = (speedLog: number) => Object.fromEntries(AT_SEA.map((p) => [p, hybridLoad(hd, p, power(p, speedLog))])) as Record<TripPhase, { seconds: number; x: number | null }>;
    const rates = fit(c, 1);
    const load = loadOf(1);
    const expected = expectedByPhase(rates, load);
    const hybridKg = h.reduce((a, t) => a + t.fuelKg, 0);
    const rng = new SeededRandom((options.seed ?? CONTROL_BASELINE_DEFAULTS.seed) ^ metier.charCodeAt(0));
    const rateDraws = AT_SEA.map(() => [] as number[]);
    const phaseDraws = AT_SEA.map(() => [] as number[]);
    const expectedDraws: number[] = [];
    const savedDraws: number[] = [];
    const fractionDraws: number[] = [];
    const widen = smallSampleWidening(c.length, h.length);
    for (let b = 0; b < replicates; b++) {
      const controlLog = drawTolerance(rng, options.controlSpeedLog);
      const hybridLog = drawTolerance(rng, options.hybridSpeedLog);
      const all = fit(c, controlLog);
      const sampled = fit(resample(rng, c, c.length), controlLog);
      const onHybridTrips = fit(resample(rng, c, h.length), controlLog);
      const controlMeter = drawTolerance(rng, options.controlFuelMeter);
      const hybridMeter = drawTolerance(rng, options.hybridFuelMeter);
      const replicateLoad = loadOf(hybridLog);
      const at = (r: Record<TripPhase, PhaseRate>, slopes: Record<TripPhase, PhaseRate>) => expectedByPhase(
        Object.fromEntries(AT_SEA.map((p) => [p, { ...r[p], slope: slopes[p].slope }])) as Record<TripPhase, PhaseRate>, replicateLoad,
      );
      // The replicate's error: the control's lines fitted again, against their levels under the conditions of as many
      // trips as the hybrid made (on the same slopes, so the difference is of conditions), widened; and the slopes'
      // own error over the whole sample. The meter reads true × its factor.
      const base = at(all, all);
      const levels = at(sampled, sampled);
      const conditions = at(onHybridTrips, sampled);
      const slopes = at(all, sampled);
      const e = Object.fromEntries(AT_SEA.map((p) => [p, (base[p] + widen * (levels[p] - conditions[p]) + slopes[p] - base[p]) / controlMeter])) as Record<TripPhase, number>;
      AT_SEA.forEach((p, k) => {
        rateDraws[k]!.push((sampled[p].seconds > 0 ? sampled[p].rate : 0) * 3600 / controlMeter);
        phaseDraws[k]!.push(e[p]);
      });
      const total = sum(e);
      const saved = total - hybridKg / hybridMeter;
      expectedDraws.push(total);
      savedDraws.push(saved);
      fractionDraws.push(total > 0 ? saved / total : 0);
    }
    const total = sum(expected);
    out.push({
      metier, method: 'bootstrap over trips', hybridTrips: h.length, controlTrips: c.length,
      phases: AT_SEA.map((p, k) => ({
        phase: p, hybridHours: load[p].seconds / 3600, controlHours: rates[p].seconds / 3600,
        controlKgPerHour: interval(rates[p].seconds > 0 ? rates[p].rate * 3600 : 0, rateDraws[k]!),
        expectedKg: interval(expected[p], phaseDraws[k]!),
      })),
      expectedConventionalKg: interval(total, expectedDraws),
      hybridKg,
      savedKg: interval(total - hybridKg, savedDraws),
      fraction: interval(total > 0 ? (total - hybridKg) / total : 0, fractionDraws),
    });
  }
  return out;
}
