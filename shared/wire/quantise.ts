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
