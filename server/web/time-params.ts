import { z } from 'zod';
import { ROLLUP_STEP_MS, ROLLUP_TIERS_MS } from '../store/port.ts';

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

/** How far from the step a chart asks for, at most, the step served from a coarser roll-up tier may be. */
const TIER_STEP_TOLERANCE = 0.2;

/**
 * The step actually used: the one asked for (at least 1 s), widened so that no series exceeds MAX_POINTS, and
 * from a minute up to whole minutes, which the store serves from its roll-ups. Without a step asked, the chart
 * gets about DEFAULT_POINTS, on a step of whole buckets of the coarsest roll-up tier within 20 % of it (a 30-day
 * chart 40 minutes from the 10-minute tier, a season 4 hours from the hourly one): the store then reads a few
 * thousand rows per signal whatever the range.
 */
export function effectiveStep(from: number, to: number, asked?: number): number {
  const span = Math.max(0, to - from);
  const fewest = Math.ceil(span / MAX_POINTS);
  const wanted = Math.max(asked ?? Math.ceil(span / DEFAULT_POINTS), fewest);
  if (wanted < ROLLUP_STEP_MS) return Math.max(1000, Math.ceil(wanted / 1000) * 1000);
  if (asked === undefined) {
    for (const tier of [...ROLLUP_TIERS_MS].reverse()) {
      const step = Math.max(tier, Math.round(wanted / tier) * tier);
      if (step >= fewest && Math.abs(step - wanted) <= TIER_STEP_TOLERANCE * wanted) return step;
    }
  }
  return Math.ceil(wanted / ROLLUP_STEP_MS) * ROLLUP_STEP_MS;
}
