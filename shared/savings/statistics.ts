import { studentTQuantile } from './student-t.ts';

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** ASHRAE Guideline 14-2014: CV(RMSE) = √(Σ(y − ŷ)² / (n − p)) / ȳ, with p the model's parameters. */
export function cvRmse(y: readonly number[], yHat: readonly number[], p: number): number {
  const n = y.length;
  if (n <= p) throw new RangeError(`need more points (${n}) than parameters (${p})`);
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - yHat[i]!) ** 2;
  return Math.sqrt(sse / (n - p)) / mean(y);
}

/** ASHRAE Guideline 14-2014: NMBE = Σ(y − ŷ) / ((n − p) · ȳ). */
export function nmbe(y: readonly number[], yHat: readonly number[], p: number): number {
  const n = y.length;
  if (n <= p) throw new RangeError(`need more points (${n}) than parameters (${p})`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i]! - yHat[i]!;
  return sum / ((n - p) * mean(y));
}

/** Lag-1 autocorrelation of a series (residuals): Σ(eᵢ − ē)(eᵢ₋₁ − ē) / Σ(eᵢ − ē)². */
export function lag1Autocorrelation(e: readonly number[]): number {
  if (e.length < 2) return 0;
  const m = mean(e);
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    den += (e[i]! - m) ** 2;
    if (i > 0) num += (e[i]! - m) * (e[i - 1]! - m);
  }
  return den === 0 ? 0 : num / den;
}

/** Effective number of independent points (Reddy & Claridge 2000): n′ = n (1 − ρ) / (1 + ρ). */
export function effectivePoints(n: number, rho: number): number {
  return (n * (1 - rho)) / (1 + rho);
}

/** Guideline 14's limits for hourly data (METHOD §3); monthly data would allow 15 % and 5 %. */
export const GUIDELINE_14_HOURLY = { cvRmse: 0.3, nmbe: 0.1 } as const;

export function meetsGuideline14(fit: { cvRmse: number; nmbe: number }, limits: { cvRmse: number; nmbe: number } = GUIDELINE_14_HOURLY): boolean {
  return fit.cvRmse <= limits.cvRmse && Math.abs(fit.nmbe) <= limits.nmbe;
}

export interface FsuInput {
  /** CV(RMSE) of the baseline model. */
  cv: number;
  /** Baseline points and their effective number n′. */
  n: number;
  nPrime: number;
  /** Parameters of the model: t has n′ − p degrees of freedom. */
  p: number;
  /** Points in the reporting period. */
  m: number;
  /** Savings fraction F = S / F_base. */
  fraction: number;
  /** Two-sided confidence, 0.95 by default; Guideline 14 judges at 0.68. */
  confidence?: number;
}

/**
 * Fractional savings uncertainty, ASHRAE Guideline 14-2014 Annex B with Reddy & Claridge's autocorrelation
 * correction: ΔS/S = t · 1.26 · CV · √((n/n′)(1 + 2/n′)(1/m)) / F.
 */
export function fractionalSavingsUncertainty(i: FsuInput): number {
  const t = studentTQuantile(1 - (1 - (i.confidence ?? 0.95)) / 2, Math.max(1, i.nPrime - i.p));
  return (t * 1.26 * i.cv * Math.sqrt((i.n / i.nPrime) * (1 + 2 / i.nPrime) * (1 / i.m))) / Math.abs(i.fraction);
}

/** Uncertainty of a sum of independent savings (METHOD §4): ΔS_total = √Σ ΔSᵢ². */
export function combineIndependent(deltas: readonly number[]): number {
  return Math.sqrt(deltas.reduce((s, d) => s + d * d, 0));
}

/** The q-quantile (0..1) of a sample, linear between order statistics (Hyndman & Fan type 7, as R's default). */
export function quantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}
