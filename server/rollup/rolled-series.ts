import type { SignalPath } from '../../shared/registry/index.ts';
import type { HourRevision } from '../store/data-changes.ts';
import { coarsestTier, ROLLUP_STEP_MS, type BucketSums, type SeriesPoint, type SeriesQuery } from '../store/port.ts';
import type { TierCache } from './tier-cache.ts';

const HOUR_MS = 3_600_000;
/** Spans read per chart at most: the rolled-up hours between the shortest raw spans are read raw instead. */
const MAX_SPANS = 9;

interface Span { from: number; to: number; source: 'raw' | 'rollup' }

/**
 * A chart whose step is a whole number of roll-up steps, from the roll-ups of the whole hours that are rolled
 * up and current, and from raw values everywhere else (the recent hours, hours not rolled yet or changed since).
 * The rolled-up hours come from the coarsest tier the step is made of (a 4-hour step from the hourly buckets, a
 * 40-minute one from the 10-minute buckets), through `tiers`, which asks the store only for hours it does not
 * hold at their current revision; every tier divides an hour, so whole hours hold whole buckets of it. Raw spans
 * are bucketed on the store. The tier's buckets and the pieces of a bucket cut by a span boundary are added here
 * into the chart's buckets (counts added, sums added, min of mins, max of maxes), so counts, minima and maxima
 * are exactly those of the raw values and means differ at most in the last bits (floating-point sums added in
 * another order). Other steps go to the raw values as they are.
 */
export async function rolledSeries(
  tiers: TierCache, currentHours: (q: SeriesQuery) => HourRevision[], q: SeriesQuery,
): Promise<Partial<Record<SignalPath, SeriesPoint[]>>> {
  const store = tiers.store;
  if (q.stepMs % ROLLUP_STEP_MS !== 0 || q.from % ROLLUP_STEP_MS !== 0 || q.paths.length === 0) return store.series(q);
  const rolled = currentHours(q).filter((h) => h.hour >= q.from && h.hour + HOUR_MS <= q.to);
  const plan = spans(q.from, q.to, rolled.map((h) => h.hour));
  const inRolledSpans = rolled.filter((h) => plan.some((s) => s.source === 'rollup' && h.hour >= s.from && h.hour < s.to));
  const [tierBuckets, ...rawParts] = await Promise.all([
    tiers.read(q.vessel, q.paths, coarsestTier(q.stepMs, q.from), inRolledSpans),
    ...plan.filter((s) => s.source === 'raw').map((span) => store.sums({ ...q, ...span, source: 'raw' })),
  ]);
  const out: Partial<Record<SignalPath, SeriesPoint[]>> = {};
  for (const p of q.paths) {
    const pieces: BucketSums[] = [];
    let raw = 0;
    // The rolled-up spans' hours, in time order as the spans are.
    let hour = 0;
    for (const span of plan) {
      if (span.source === 'raw') {
        for (const b of rawParts[raw++]![p] ?? []) pieces.push(b);
      } else {
        for (; hour < inRolledSpans.length && inRolledSpans[hour]!.hour < span.to; hour++) {
          for (const b of tierBuckets[hour]!.get(p)!) pieces.push(b);
        }
      }
    }
    out[p] = merge(pieces, q.stepMs);
  }
  return out;
}

/** [from, to) cut into alternating raw and rolled-up spans, at most MAX_SPANS, in time order. */
function spans(from: number, to: number, rolled: readonly number[]): Span[] {
  const out: Span[] = [];
  const add = (span: Span) => {
    const last = out.at(-1);
    if (last && last.source === span.source && last.to === span.from) last.to = span.to;
    else out.push(span);
  };
  let cursor = from;
  for (const h of rolled) {
    if (h > cursor) add({ from: cursor, to: h, source: 'raw' });
    add({ from: h, to: h + HOUR_MS, source: 'rollup' });
    cursor = h + HOUR_MS;
  }
  if (cursor < to) add({ from: cursor, to, source: 'raw' });
  while (out.length > MAX_SPANS) {
    let shortest = -1;
    out.forEach((s, i) => {
      if (s.source === 'rollup' && (shortest < 0 || s.to - s.from < out[shortest]!.to - out[shortest]!.from)) shortest = i;
    });
    const merged = { from: out[shortest - 1]?.from ?? out[shortest]!.from, to: out[shortest + 1]?.to ?? out[shortest]!.to, source: 'raw' as const };
    out.splice(Math.max(0, shortest - 1), (shortest > 0 ? 1 : 0) + 1 + (shortest < out.length - 1 ? 1 : 0), merged);
  }
  return out;
}

/** Bucket pieces in time order, added into the `stepMs` buckets they fall in. */
export function merge(pieces: readonly BucketSums[], stepMs: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let t = NaN;
  let count = 0;
  let sum = 0;
  let min = 0;
  let max = 0;
  const close = () => { if (!Number.isNaN(t)) out.push({ t, mean: sum / count, min, max, count }); };
  for (const piece of pieces) {
    // Times past 2^31 make `%` a floating-point remainder: taken once per bucket, not once per piece.
    if (!(piece.t >= t && piece.t < t + stepMs)) {
      close();
      ({ count, sum, min, max } = piece);
      t = piece.t - (piece.t % stepMs);
    } else {
      count += piece.count;
      sum += piece.sum;
      if (piece.min < min) min = piece.min;
      if (piece.max > max) max = piece.max;
    }
  }
  close();
  return out;
}
