import { reason, reasonsText, type Reason } from './reasons.ts';
import { leastSquares, normalMatrixInverse, predict } from './regression.ts';
import { cvRmse, effectivePoints, fractionalSavingsUncertainty, GUIDELINE_14_HOURLY, lag1Autocorrelation, meetsGuideline14, nmbe } from './statistics.ts';
import { studentTQuantile } from './student-t.ts';
import type { HourRecord } from './trip-analyzer.ts';
import type { Interval } from './trip-savings.ts';

/**
 * A reference hour enters the fit only if it is clean: at least half an hour at sea, nine tenths of it covered by
 * complete, plausible data (gaps, clock jumps and silent meters leave hours that would teach the fit their faults).
 */
const MIN_HOUR_SECONDS = 1800;
const MIN_HOUR_COVERAGE = 0.9;
/** Fewer clean hours than this many per parameter is too thin a reference to fit on. */
const MIN_HOURS_PER_PARAMETER = 3;

/**
 * Regressors of the at-sea part of one hour (METHOD §3, option C), as shares of its covered time: intercept, time in each
 * fishing phase, steaming speed cubed, towing speed squared (gear drag), sea state and wind at sea.
 */
export function hourRegressors(h: HourRecord): number[] {
  const c = h.coveredSeconds;
  const share = (x: number | undefined) => (x ?? 0) / c;
  const ps = h.phaseSeconds;
  return [
    1, share(ps.shooting), share(ps.towing), share(ps.hauling), share(ps.drifting),
    h.steamingCubedSpeed / c, h.towingSquaredSpeed / c, h.waveAtSea / c, h.windSquaredAtSea / c,
  ];
}

export interface MeasuredFit {
  beta: number[];
  n: number;
  p: number;
  cvRmse: number;
  nmbe: number;
  rho: number;
  nPrime: number;
  /** Mean hourly fuel of the reference period, kg/h. */
  meanHourly: number;
  /**
   * Covariance of the coefficients, (kg/h)², autocorrelation-corrected: s² (XᵀX)⁻¹ · n/n′. A reporting period unlike
   * the reference (another season, other weather) leans on the coefficients the reference pinned down least.
   */
  covariance: number[][];
  /** Residual variance of one hour, (kg/h)², autocorrelation-corrected. */
  residualVariance: number;
  /** Reference hours offered and those left out as not clean. */
  offered: number;
  unclean: number;
  accepted: boolean;
  reason: string;
  /** The same reason as codes and figures, for a reader's language. */
  reasonCodes: Reason[];
}

/**
 * Fits conventional fuel per hour (kg/h) on the regressors over a reference period in which the vessel (or a sister)
 * ran conventionally; accepted only within ASHRAE Guideline 14's hourly limits.
 */
export function fitMeasuredBaseline(reference: readonly { hour: HourRecord; fuelKg: number }[]): MeasuredFit {
  const clean = (h: HourRecord) => h.seconds >= MIN_HOUR_SECONDS && h.coveredSeconds >= MIN_HOUR_COVERAGE * h.seconds;
  const rows = reference.filter((r) => clean(r.hour));
  const offered = reference.length;
  const unclean = offered - rows.length;
  const x = rows.map((r) => hourRegressors(r.hour));
  const y = rows.map((r) => (r.fuelKg * 3600) / r.hour.coveredSeconds);
  const p = hourRegressors({ start: 0, seconds: 1, coveredSeconds: 1, phaseSeconds: {}, steamingCubedSpeed: 0, towingSquaredSpeed: 0, waveAtSea: 0, windSquaredAtSea: 0, fuel: 0 }).length;
  if (rows.length < MIN_HOURS_PER_PARAMETER * p) {
    const reasonCodes = [reason('measured.tooFew', { hours: rows.length, unclean, offered, needed: MIN_HOURS_PER_PARAMETER * p, p })];
    return {
      beta: [], n: rows.length, p, cvRmse: NaN, nmbe: NaN, rho: NaN, nPrime: NaN, meanHourly: NaN, covariance: [], residualVariance: NaN, offered, unclean, accepted: false,
      reason: reasonsText(reasonCodes), reasonCodes,
    };
  }
  const beta = leastSquares(x, y);
  const yHat = x.map((row) => predict(beta, row));
  const cv = cvRmse(y, yHat, p);
  const bias = nmbe(y, yHat, p);
  const rho = lag1Autocorrelation(y.map((v, i) => v - yHat[i]!));
  const accepted = meetsGuideline14({ cvRmse: cv, nmbe: bias });
  const nPrime = effectivePoints(rows.length, rho);
  const residualVariance = (y.reduce((s, v, i) => s + (v - yHat[i]!) ** 2, 0) / (rows.length - p)) * (rows.length / nPrime);
  const reasonCodes = [
    accepted
      ? reason('measured.meets', { cvRmse: 100 * cv, cvRmseLimit: 100 * GUIDELINE_14_HOURLY.cvRmse, nmbe: 100 * Math.abs(bias), nmbeLimit: 100 * GUIDELINE_14_HOURLY.nmbe })
      : reason('measured.fails', { cvRmse: 100 * cv, nmbe: 100 * bias }),
    ...(unclean > 0 ? [reason('measured.leftOut', { hours: rows.length, unclean, offered })] : []),
  ];
  return {
    beta, n: rows.length, p, cvRmse: cv, nmbe: bias, rho, nPrime,
    meanHourly: y.reduce((s, v) => s + v, 0) / y.length,
    covariance: normalMatrixInverse(x).map((row) => row.map((v) => v * residualVariance)),
    residualVariance,
    offered, unclean,
    accepted,
    reason: reasonsText(reasonCodes),
    reasonCodes,
  };
}

export interface MeasuredSavings {
  baselineKg: number;
  savedKg: Interval;
  fraction: Interval;
  /** Reporting hours m, and the fractional savings uncertainty at 68 % (Guideline 14 asks it be below 50 %). */
  m: number;
  fsu68: number;
}

/**
 * Savings of a reporting span (a trip's hours) against an accepted measured baseline. Its interval is the
 * regression's prediction interval for the span's total, autocorrelation-corrected: the coefficients' covariance
 * carried to the span's regressors (large when the span is unlike the reference: another season, other weather) and
 * the hours' own scatter, with the calibration of both fuel meters (the reference period's, which the fit learnt
 * from, and the reporting period's) in quadrature. Guideline 14's fractional savings uncertainty at 68 %, which
 * assumes a span like the reference, is given beside it. The baseline is predicted over the hours' covered seconds:
 * `actualKg` is the fuel of those same seconds.
 */
export function measuredSavings(fit: MeasuredFit, hours: readonly HourRecord[], actualKg: number, fuelMeterTolerance = 0.01): MeasuredSavings | null {
  if (!fit.accepted) return null;
  const used = hours.filter((h) => h.coveredSeconds > 0);
  const baselineKg = used.reduce((s, h) => s + (predict(fit.beta, hourRegressors(h)) * h.coveredSeconds) / 3600, 0);
  const m = used.reduce((s, h) => s + h.coveredSeconds, 0) / 3600;
  const saved = baselineKg - actualKg;
  const fraction = baselineKg > 0 ? saved / baselineKg : 0;
  // The span's total is Σ β·x_h·c_h: its variance is X_rᵀ Cov(β) X_r with X_r = Σ x_h·c_h (c_h in hours), plus the
  // scatter of its own hours, Σ c_h² s².
  const span = new Array<number>(fit.p).fill(0);
  let ownScatter = 0;
  for (const h of used) {
    const c = h.coveredSeconds / 3600;
    hourRegressors(h).forEach((v, j) => { span[j]! += v * c; });
    ownScatter += c * c * fit.residualVariance;
  }
  const coefficients = span.reduce((s, a, j) => s + a * span.reduce((t, b, k) => t + fit.covariance[j]![k]! * b, 0), 0);
  const predictionSd = Math.sqrt(Math.max(0, coefficients) + ownScatter);
  const halfWidth = (confidence: number) => {
    const t = studentTQuantile(1 - (1 - confidence) / 2, Math.max(1, fit.nPrime - fit.p));
    const z = studentTQuantile(1 - (1 - confidence) / 2, 1e6) * (fuelMeterTolerance / 1.96);
    return Math.hypot(t * predictionSd, z * actualKg, z * baselineKg);
  };
  const h95 = halfWidth(0.95);
  const fsu68 = fraction !== 0
    ? fractionalSavingsUncertainty({ cv: fit.cvRmse, n: fit.n, nPrime: fit.nPrime, p: fit.p, m: Math.max(m, 1e-9), fraction, confidence: 0.68 })
    : Infinity;
  return {
    baselineKg,
    savedKg: { value: saved, low: saved - h95, high: saved + h95 },
    fraction: { value: fraction, low: (saved - h95) / baselineKg, high: (saved + h95) / baselineKg },
    m,
    fsu68,
  };
}
