import type { SignalPath } from '../../shared/registry/index.ts';
import { coarsestTier, ROLLUP_STEP_MS, type BucketSums, type SeriesPoint, type SeriesQuery, type TimeSeriesStore } from '../store/port.ts';

const HOUR_MS = 3_600_000;
/** Spans read per chart at most: the rolled-up hours between the shortest raw spans are read raw instead. */
const MAX_SPANS = 9;

interface Span { from: number; to: number; source: 'raw' | 'rollup' }

/**
 * A chart whose step is a whole number of roll-up steps, from the roll-ups of the whole hours that are rolled
 * up and current, and from raw values everywhere else (the recent hours, hours not rolled yet or changed since).
 * Each span is bucketed on the store; a bucket cut by a span boundary is merged here from its pieces (counts
 * added, sums added, min of mins, max of maxes), so counts, minima and maxima are exactly those of the raw
 * values and means differ at most in the last bits (floating-point sums added in another order). Other steps go
 * to the raw values as they are. The rolled-up spans are read from the coarsest tier the step is made of (a
 * 4-hour step from the hourly buckets, a 40-minute one from the 10-minute buckets): every tier divides an hour,
 * so the spans, whole hours, hold whole buckets of it.
 */
export async function rolledSeries(
  store: TimeSeriesStore, currentHours: (q: SeriesQuery) => Set<number>, q: SeriesQuery,
): Promise<Partial<Record<SignalPath, SeriesPoint[]>>> {
  if (q.stepMs % ROLLUP_STEP_MS !== 0 || q.from % ROLLUP_STEP_MS !== 0 || q.paths.length === 0) return store.series(q);
  const rolled = [...currentHours(q)].filter((h) => h >= q.from && h + HOUR_MS <= q.to).sort((a, b) => a - b);
  const tierMs = coarsestTier(q.stepMs, q.from);
  const parts = await Promise.all(spans(q.from, q.to, rolled).map((span) => store.sums({ ...q, ...span, tierMs })));
  const out: Partial<Record<SignalPath, SeriesPoint[]>> = {};
  for (const p of q.paths) out[p] = merge(parts.flatMap((part) => part[p] ?? []));
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

/** Bucket pieces in time order (pieces of one bucket adjacent) merged into points. */
export function merge(pieces: readonly BucketSums[]): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let current: { t: number; sum: number; count: number; min: number; max: number } | undefined;
  const close = () => { if (current) out.push({ t: current.t, mean: current.sum / current.count, min: current.min, max: current.max, count: current.count }); };
  for (const piece of pieces) {
    if (current?.t !== piece.t) {
      close();
      current = { ...piece };
    } else {
      current.sum += piece.sum;
      current.count += piece.count;
      if (piece.min < current.min) current.min = piece.min;
      if (piece.max > current.max) current.max = piece.max;
    }
  }
  close();
  return out;
}
