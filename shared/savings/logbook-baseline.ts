import { reason, reasonsText, type Reason } from './reasons.ts';
import { leastSquares, normalMatrixInverse, predict, studentizedResiduals } from './regression.ts';
import { cvRmse, effectivePoints, lag1Autocorrelation, meetsGuideline14, nmbe } from './statistics.ts';
import { studentTQuantile } from './student-t.ts';
import type { TripRecord } from './trip-analyzer.ts';
import type { Interval } from './trip-savings.ts';

/**
 * Option C at the resolution of a vessel's own records (METHOD §3): the conventional vessel's logbook — per trip or
 * per day at sea, its fuel consumed or bunkered — regressed on time at sea per métier, time fishing and season.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

/** A trip or a day at sea as the logbook gives it (or as the hybrid's telemetry does, to predict its fuel), SI. */
export interface LogbookTrip {
  /** Epoch ms of casting off and tying up; for an untimed record, the local midnights around its dates. */
  departure: number;
  arrival: number;
  /** Whether times of departure and arrival are known; without them time at sea counts in calendar days. */
  timed: boolean;
  metier: string;
  /** Gear in the water, s; null when not recorded. */
  fishingSeconds: number | null;
}

/** One stored logbook record: its line in the file it came from, and its fuel, m³. */
export interface LogbookRecord extends LogbookTrip {
  line: number;
  /** Fuel the record burnt (consumed basis), or bunkered at its end (bunkered basis), m³; null if none noted. */
  fuelM3: number | null;
  landingsKg: number | null;
}

/**
 * What a file's fuel column means: `consumed`, each record's own burn; `bunkered`, fuel taken on at the record's end,
 * filling the tank to full, so that it is the burn of every record since the previous bunkering.
 */
export type FuelBasis = 'consumed' | 'bunkered';

/** One imported file's records, what its fuel means, and the lines refused at import (kept aside). */
export interface LogbookSource { basis: FuelBasis; records: readonly LogbookRecord[]; rejectedLines: readonly number[] }

/** A unit of the fit: the records one fuel figure covers (one record, or a bunkering interval), its fuel in litres. */
export interface LogbookUnit { records: LogbookRecord[]; fuelL: number }

/**
 * The fit's units, in file order. A bunkering covers the records since the previous one (the file is taken to begin
 * just after a bunkering); an interval holding a rejected line is left out, since its fuel covers a record the fit
 * cannot see, and so are the records after the last bunkering, whose fuel no receipt gives yet.
 */
export function logbookUnits(records: readonly LogbookRecord[], basis: FuelBasis, rejectedLines: readonly number[] = []): { units: LogbookUnit[]; leftOut: string[] } {
  const units: LogbookUnit[] = [];
  const leftOut: string[] = [];
  const sorted = [...records].sort((a, b) => a.line - b.line);
  if (basis === 'consumed') {
    for (const r of sorted) {
      if (r.fuelM3 === null) leftOut.push(`line ${r.line}: no fuel consumed noted`);
      else units.push({ records: [r], fuelL: r.fuelM3 * 1000 });
    }
    return { units, leftOut };
  }
  let open: LogbookRecord[] = [];
  let since = 0;
  for (const r of sorted) {
    open.push(r);
    if (r.fuelM3 === null) continue;
    const bad = rejectedLines.filter((l) => l > since && l < r.line).sort((a, b) => a - b);
    if (bad.length > 0) leftOut.push(`lines ${since + 1}–${r.line}: a bunkering interval holding rejected line${bad.length > 1 ? 's' : ''} ${bad.join(', ')}`);
    else units.push({ records: open, fuelL: r.fuelM3 * 1000 });
    open = [];
    since = r.line;
  }
  if (open.length > 0) leftOut.push(`lines ${open[0]!.line}–${open.at(-1)!.line}: after the last bunkering, no receipt covers them yet`);
  return { units, leftOut };
}

/** Which regressors a fit uses: what every one of its records gives. */
export interface LogbookModel {
  /** Time at sea in hours (every record timed) or in calendar days. */
  duration: 'hours' | 'days';
  metiers: string[];
  fishing: boolean;
}

function atSea(model: LogbookModel, t: LogbookTrip): number {
  return model.duration === 'hours' ? (t.arrival - t.departure) / HOUR_MS : Math.max(1, Math.round((t.arrival - t.departure) / DAY_MS));
}

/**
 * One record's regressors: a fixed part (casting off, steaming out and back), time at sea for each métier (each
 * burns at its own rate), hours fishing, and time at sea weighted by the season's annual cycle (winter seas cost more).
 */
export function logbookRegressors(model: LogbookModel, t: LogbookTrip): number[] {
  const d = atSea(model, t);
  const mid = (t.departure + t.arrival) / 2;
  const angle = (2 * Math.PI * (mid - Date.UTC(new Date(mid).getUTCFullYear(), 0, 1))) / YEAR_MS;
  return [
    1, ...model.metiers.map((m) => (m === t.metier ? d : 0)),
    ...(model.fishing ? [(t.fishingSeconds ?? 0) / 3600] : []),
    d * Math.cos(angle), d * Math.sin(angle),
  ];
}

/**
 * Guideline 14 gives limits for monthly data (CV(RMSE) 15 %, |NMBE| 5 %) and hourly data (30 %, 10 %), none for a
 * trip, a day or a bunkering interval. Each sums tens of hours at sea, between the two: Sillage holds such records to
 * the monthly NMBE, since a fit with a fixed part has next to none, and to CV(RMSE) 20 %, between the two.
 */
export const GUIDELINE_14_LOGBOOK = { cvRmse: 0.2, nmbe: 0.05 } as const;
/** Fewer units than this many per parameter is too few records to fit on. */
const MIN_UNITS_PER_PARAMETER = 3;

export type LogbookResolution = 'trip' | 'day' | 'bunkering interval';

export interface LogbookFit {
  resolution: LogbookResolution;
  model: LogbookModel;
  /** Units fitted, the records they cover, and the parameters. */
  n: number; records: number; p: number;
  beta: number[];
  cvRmse: number; nmbe: number; r2: number; rho: number; nPrime: number;
  /** Coefficients' covariance, L², and the residual variance of one record, L², both autocorrelation-corrected. */
  covariance: number[][];
  recordVariance: number;
  leftOut: string[];
  accepted: boolean;
  reason: string;
  /** The same reason as codes and figures, for a reader's language. */
  reasonCodes: Reason[];
}

const summedRegressors = (model: LogbookModel, records: readonly LogbookTrip[]) =>
  records.map((r) => logbookRegressors(model, r)).reduce((s, row) => s.map((v, j) => v + row[j]!));

/** Two-sided risk of leaving out a unit that belongs, over all the units tested (Bonferroni). */
const OUTLIER_RISK = 0.05;

/**
 * The weighted fit, leaving out one at a time the unit its records explain least while it lies beyond Student's t at
 * the Bonferroni level of every unit tested: a receipt that also paid for a trip the logbook lost (or a tank not filled
 * to full) errs by a whole trip's fuel, over ten times a trip's own scatter, and would otherwise set the scatter of
 * every prediction. Under normal scatter a fit loses a unit that belongs once in twenty; it never goes below the
 * units its parameters need. Each unit left out is said, with its excess.
 */
function withoutUnexplainedReceipts(units: readonly LogbookUnit[], model: LogbookModel, p: number, leftOut: string[]) {
  const kept = [...units];
  for (;;) {
    // A bunkering interval of k records has k records' scatter: it weighs 1/k.
    const w = kept.map((u) => 1 / Math.sqrt(u.records.length));
    const xw = kept.map((u, i) => summedRegressors(model, u.records).map((v) => v * w[i]!));
    const yw = kept.map((u, i) => u.fuelL * w[i]!);
    const beta = leastSquares(xw, yw);
    if (kept.length - 1 < MIN_UNITS_PER_PARAMETER * p) return { kept, beta, xw, yw };
    const t = studentizedResiduals(xw, yw);
    const worst = t.reduce((a, v, i) => (Math.abs(v) > Math.abs(t[a]!) ? i : a), 0);
    if (!(Math.abs(t[worst]!) > studentTQuantile(1 - OUTLIER_RISK / (2 * kept.length), kept.length - p - 1))) return { kept, beta, xw, yw };
    const u = kept[worst]!;
    // Its excess over what the other units' fit gives its records: the fit with it is pulled towards it.
    const others = leastSquares(xw.filter((_, i) => i !== worst), yw.filter((_, i) => i !== worst));
    const excess = u.fuelL - predict(others, summedRegressors(model, u.records));
    const lines = u.records.length > 1 ? `lines ${u.records[0]!.line}–${u.records.at(-1)!.line}` : `line ${u.records[0]!.line}`;
    leftOut.push(`${lines}: ${Math.round(Math.abs(excess))} L ${excess > 0 ? 'more' : 'less'} fuel than its records explain (studentized residual ${t[worst]!.toFixed(1)}), as a trip missing from the logbook or a tank not filled to full would give`);
    kept.splice(worst, 1);
  }
}

const untimedDay = (r: LogbookTrip) => !r.timed && r.arrival - r.departure <= DAY_MS;

/**
 * Fits conventional fuel (L) per unit by weighted least squares, without the units its records cannot explain;
 * accepted within the logbook limits above, refused with the reason when the records are too few.
 */
export function fitLogbookBaseline(sources: readonly LogbookSource[]): LogbookFit {
  const split = sources.map((s) => logbookUnits(s.records, s.basis, s.rejectedLines));
  const units = split.flatMap((s) => s.units);
  const leftOut = split.flatMap((s) => s.leftOut);
  const basis: FuelBasis = sources.some((s) => s.basis === 'bunkered') ? 'bunkered' : 'consumed';
  const used = units.flatMap((u) => u.records);
  const model: LogbookModel = {
    duration: used.length > 0 && used.every((r) => r.timed) ? 'hours' : 'days',
    metiers: [...new Set(used.map((r) => r.metier))].sort(),
    fishing: used.length > 0 && used.every((r) => r.fishingSeconds !== null),
  };
  const resolution: LogbookResolution = basis === 'bunkered' ? 'bunkering interval' : used.every(untimedDay) ? 'day' : 'trip';
  const p = logbookRegressors(model, { departure: 0, arrival: HOUR_MS, timed: true, metier: '', fishingSeconds: 0 }).length;
  const empty = { resolution, model, n: units.length, records: used.length, p, beta: [], cvRmse: NaN, nmbe: NaN, r2: NaN, rho: NaN, nPrime: NaN, covariance: [], recordVariance: NaN, leftOut };
  if (units.length < MIN_UNITS_PER_PARAMETER * p) {
    const counts = { units: units.length, resolution, records: used.length, needed: MIN_UNITS_PER_PARAMETER * p, p };
    const reasonCodes = [leftOut.length ? reason('logbook.tooFewLeftOut', { ...counts, leftOut: leftOut.length }) : reason('logbook.tooFew', counts)];
    return { ...empty, accepted: false, reason: reasonsText(reasonCodes), reasonCodes };
  }
  const { kept, beta, xw, yw } = withoutUnexplainedReceipts(units, model, p, leftOut);
  const x = kept.map((u) => summedRegressors(model, u.records));
  const y = kept.map((u) => u.fuelL);
  const yHat = x.map((row) => predict(beta, row));
  const cv = cvRmse(y, yHat, p);
  const bias = nmbe(y, yHat, p);
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const r2 = 1 - y.reduce((s, v, i) => s + (v - yHat[i]!) ** 2, 0) / y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const residuals = yw.map((v, i) => v - predict(beta, xw[i]!));
  // Trips of a run of good or bad weather err alike; anticorrelation is not trusted to narrow the interval.
  const rho = Math.max(0, lag1Autocorrelation(residuals));
  const records = kept.reduce((s, u) => s + u.records.length, 0);
  const nPrime = effectivePoints(kept.length, rho);
  const recordVariance = (residuals.reduce((s, e) => s + e * e, 0) / (kept.length - p)) * (kept.length / nPrime);
  const accepted = meetsGuideline14({ cvRmse: cv, nmbe: bias }, GUIDELINE_14_LOGBOOK);
  const limits = { resolution, cvRmseLimit: 100 * GUIDELINE_14_LOGBOOK.cvRmse, nmbeLimit: 100 * GUIDELINE_14_LOGBOOK.nmbe, cvRmse: 100 * cv, nmbe: 100 * bias };
  const fitted = { units: kept.length, resolution, records };
  const reasonCodes = [
    accepted ? reason('logbook.meets', { ...limits, r2 }) : reason('logbook.fails', limits),
    leftOut.length ? reason('logbook.fittedLeftOut', { ...fitted, leftOut: leftOut.length }) : reason('logbook.fitted', fitted),
  ];
  return {
    ...empty, n: kept.length, records, beta, cvRmse: cv, nmbe: bias, r2, rho, nPrime,
    covariance: normalMatrixInverse(xw).map((row) => row.map((v) => v * recordVariance)),
    recordVariance,
    accepted,
    reason: reasonsText(reasonCodes),
    reasonCodes,
  };
}

export interface LogbookPrediction {
  /** The conventional vessel's fuel for these trips, L, with its 95 % prediction interval. */
  conventionalL: Interval;
  trips: number;
}

/**
 * The conventional fuel of some trips (L) by an accepted fit, with its 95 % prediction interval: the coefficients'
 * covariance carried to the trips' summed regressors, each trip's own scatter, and the calibration of the fuel the
 * logbook recorded (receipts or gauge, ±1 %) in quadrature. Null, with the reason, when a trip's métier is one the
 * logbook never fished.
 */
export function predictConventionalFuel(fit: LogbookFit, trips: readonly LogbookTrip[], recordTolerance = 0.01): LogbookPrediction | { unknown: string; unknownCodes: Reason[] } {
  if (!fit.accepted) return { unknown: fit.reason, unknownCodes: fit.reasonCodes };
  const foreign = trips.find((t) => !fit.model.metiers.includes(t.metier));
  if (foreign) {
    const unknownCodes = [reason('logbook.foreignMetier', { metier: foreign.metier, metiers: fit.model.metiers.join(', ') })];
    return { unknown: reasonsText(unknownCodes), unknownCodes };
  }
  const span = new Array<number>(fit.p).fill(0);
  for (const t of trips) logbookRegressors(fit.model, t).forEach((v, j) => { span[j]! += v; });
  const value = predict(fit.beta, span);
  const coefficients = span.reduce((s, a, j) => s + a * span.reduce((u, b, k) => u + fit.covariance[j]![k]! * b, 0), 0);
  const sd = Math.sqrt(Math.max(0, coefficients) + trips.length * fit.recordVariance);
  const t = studentTQuantile(0.975, Math.max(1, fit.nPrime - fit.p));
  const half = Math.hypot(t * sd, recordTolerance * value);
  return { conventionalL: { value, low: value - half, high: value + half }, trips: trips.length };
}

/**
 * The saving of trips whose hybrid fuel (L, battery's change valued as fuel) was measured, against their predicted
 * conventional fuel: its interval the prediction's with the hybrid's meters (±1 %) in quadrature.
 */
export function logbookSaving(prediction: LogbookPrediction, actualL: number, meterTolerance = 0.01): { savedL: Interval; fraction: Interval } {
  const c = prediction.conventionalL;
  const saved = c.value - actualL;
  const half = Math.hypot(c.high - c.value, meterTolerance * actualL);
  return {
    savedL: { value: saved, low: saved - half, high: saved + half },
    fraction: { value: saved / c.value, low: (saved - half) / c.value, high: (saved + half) / c.value },
  };
}

/** A hybrid trip as the logbook model reads it: its casting off and tying up, métier, and time with gear out. */
export function logbookTripOf(record: TripRecord, metier: string): LogbookTrip | null {
  if (record.departure === null || record.arrival === null) return null;
  const fishingSeconds = record.phases.filter((p) => p.phase !== 'port' && p.phase !== 'steaming').reduce((s, p) => s + (p.end - p.start) / 1000, 0);
  return { departure: record.departure, arrival: record.arrival, timed: true, metier, fishingSeconds };
}
