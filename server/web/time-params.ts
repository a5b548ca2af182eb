import { z } from 'zod';
import { ROLLUP_STEP_MS } from '../store/port.ts';

/** `from`/`to` as ISO 8601 or epoch milliseconds. */
export const instantSchema = z.union([
  z.string().regex(/^\d{1,15}$/).transform(Number),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.iso.date().transform((s) => Date.parse(s)),
]).describe('ISO 8601 or epoch ms');

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A step as milliseconds (`60000`) or a duration (`500ms`, `10s`, `5m`, `1h`, `1d`). */
export const durationSchema = z
  .string()
  .regex(/^(\d{1,12})(ms|s|m|h|d)?$/, 'a duration such as 60000, 10s, 5m, 1h or 1d')
  .transform((s) => {
    const [, n, unit] = /^(\d+)(ms|s|m|h|d)?$/.exec(s)!;
    return Number(n) * UNIT_MS[(unit ?? 'ms') as keyof typeof UNIT_MS];
  });

/** Charts get at most this many buckets per series, whatever step is asked for: never raw points by the million. */
export const MAX_POINTS = 5000;
export const DEFAULT_POINTS = 1000;

/**
 * The step actually used: the one asked for (at least 1 s), widened so that no series exceeds MAX_POINTS, and
 * from a minute up to whole minutes, which the store serves from its per-minute roll-ups.
 */
export function effectiveStep(from: number, to: number, asked?: number): number {
  const span = Math.max(0, to - from);
  const wanted = Math.max(asked ?? Math.ceil(span / DEFAULT_POINTS), Math.ceil(span / MAX_POINTS));
  const unit = wanted >= ROLLUP_STEP_MS ? ROLLUP_STEP_MS : 1000;
  return Math.max(1000, Math.ceil(wanted / unit) * unit);
}
