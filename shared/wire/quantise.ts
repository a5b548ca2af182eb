import { lookupSignal } from '../registry/index.ts';

/**
 * Values on the compact link are whole multiples of their signal's registry resolution: no finer step means
 * anything, and integers of that size delta-encode and compress well.
 */
export function quantise(path: string, value: number): number | undefined {
  const def = lookupSignal(path);
  if (!def || !Number.isFinite(value)) return undefined;
  const q = Math.round(value / def.resolution);
  return Number.isSafeInteger(q) ? q : undefined;
}

/**
 * The value a quantum stands for, written with no more decimals than the resolution has (so 0.1 × 3 reads 0.3).
 * A value that rounding carried past a physical limit by less than half a step is put back on the limit: only an
 * in-range reading rounds that way, and the shore would otherwise refuse it as out of range.
 */
export function dequantise(path: string, q: number): number | undefined {
  const def = lookupSignal(path);
  if (!def) return undefined;
  const decimals = Math.max(0, Math.ceil(-Math.log10(def.resolution) - 1e-9));
  const value = Number((q * def.resolution).toFixed(Math.min(decimals, 20)));
  const half = def.resolution / 2;
  if (value > def.max && value - def.max <= half) return def.max;
  if (value < def.min && def.min - value <= half) return def.min;
  return value;
}

const onGrid = (x: number, resolution: number) => Math.abs(x / resolution - Math.round(x / resolution)) < 1e-6;

/**
 * Why quantising the readings of an instrument that moves in `step`s from `offset` (SI) would lose something it
 * measured, or null when nothing is lost: either every reading already lies on the resolution's grid (kept exactly),
 * or the resolution is at most half the step, so readings one step apart stay apart and each moves by at most a
 * quarter of a step (the instrument's own value is its nearest step).
 */
export function precisionLoss(path: string, step: number, offset = 0): string | null {
  const def = lookupSignal(path);
  if (!def) return `${path} is not in the registry`;
  if (onGrid(step, def.resolution) && onGrid(offset, def.resolution)) return null;
  if (def.resolution <= step / 2 + 1e-15) return null;
  return `${path}: resolution ${def.resolution} ${def.unit} would blur an instrument stepping by ${step} ${def.unit}`
    + `${offset ? ` from ${offset}` : ''} (needs a divisor of the step or at most ${step / 2})`;
}
