import type { Interval } from '../../shared/savings/index.ts';

/** One reported figure: a dotted key, its value and, when it has one, its 95 % interval. */
export interface Figure { key: string; value: number | string | null; low?: number; high?: number; unit: string }

const isInterval = (x: unknown): x is Interval =>
  !!x && typeof x === 'object' && typeof (x as Interval).value === 'number' && typeof (x as Interval).low === 'number' && typeof (x as Interval).high === 'number';

/** The unit a key names by its suffix, as the savings engine names its fields (`savedL`, `avoidedKg`, `shoreKWh`…). */
export function unitOf(key: string): string {
  const last = key.split('.').at(-1)!;
  if (/KWh$/.test(last)) return 'kWh';
  if (/L$/.test(last)) return 'L';
  if (/Kg$/.test(last)) return 'kg';
  if (/DbA$/.test(last)) return 'dB(A)';
  if (/[Hh]ours$/.test(last)) return 'h';
  if (/[Ss]econds$/.test(last)) return 's';
  if (/^(fraction|coverage|share.*|low|high|confidence)$/.test(last) || /Share$/.test(last)) return 'ratio';
  if (/GPerKWh$/.test(last)) return 'g/kWh';
  return '';
}

/** Every number, string and interval of an object as figures, depth first, arrays of strings joined. */
export function figuresOf(value: unknown, prefix: string): Figure[] {
  if (isInterval(value)) return [{ key: prefix, value: value.value, low: value.low, high: value.high, unit: unitOf(prefix) }];
  if (typeof value === 'number' || typeof value === 'string' || value === null) return [{ key: prefix, value, unit: typeof value === 'number' ? unitOf(prefix) : '' }];
  if (typeof value === 'boolean') return [{ key: prefix, value: String(value), unit: '' }];
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return [{ key: prefix, value: value.join(' | '), unit: '' }];
    return value.flatMap((v, k) => figuresOf(v, `${prefix}.${k}`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => figuresOf(v, prefix ? `${prefix}.${k}` : k));
  }
  return [];
}
