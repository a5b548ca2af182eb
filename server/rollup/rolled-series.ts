import type { SignalPath } from '../../shared/registry/index.ts';
import { ROLLUP_STEP_MS, type MinuteAggregate, type SeriesPoint, type SeriesQuery, type TimeSeriesStore } from '../store/port.ts';

const HOUR_MS = 3_600_000;
/** Raw spans read per chart at most: a patchwork of changed hours is read as fewer, wider spans. */
const MAX_RAW_SPANS = 8;

/**
 * A chart whose step is a whole number of roll-up steps, from the roll-ups of the hours that are rolled up and
 * current and from raw values everywhere else (the recent hours, hours not rolled yet or changed since). Either
 * way a bucket is built from per-minute count, sum, min and max, added in time order, so a chart is the same,
 * to the last bit, whether its hours were rolled up or not. Other steps go to the raw values as they are.
 */
export async function rolledSeries(
  store: TimeSeriesStore, currentHours: (q: SeriesQuery) => Set<number>, q: SeriesQuery,
): Promise<Partial<Record<SignalPath, SeriesPoint[]>>> {
  if (q.stepMs % ROLLUP_STEP_MS !== 0 || q.from % ROLLUP_STEP_MS !== 0 || q.paths.length === 0) return store.series(q);
  const rolled = [...currentHours(q)].filter((h) => h >= q.from && h + HOUR_MS <= q.to).sort((a, b) => a - b);
  const raw = rawSpans(q.from, q.to, rolled);
  const covered = (t: number) => raw.some(([from, to]) => t >= from && t < to);
  const used = new Set(rolled.filter((h) => !covered(h)));
  const reads = raw.map(([from, to]) => store.minutes({ vessel: q.vessel, paths: q.paths, from, to, source: 'raw' }));
  if (used.size > 0) {
    const hours = [...used];
    reads.push(store.minutes({ vessel: q.vessel, paths: q.paths, from: hours[0]!, to: hours.at(-1)! + HOUR_MS, source: 'rollup' })
      .then((byPath) => Object.fromEntries(Object.entries(byPath).map(([p, minutes]) =>
        [p, minutes!.filter((m) => used.has(m.t - (m.t % HOUR_MS)))]))));
  }
  const parts = await Promise.all(reads);
  const out: Partial<Record<SignalPath, SeriesPoint[]>> = {};
  for (const p of q.paths) {
    const minutes = parts.flatMap((part) => part[p] ?? []).sort((a, b) => a.t - b.t);
    out[p] = buckets(minutes, q.stepMs);
  }
  return out;
}

/** [from, to) spans not covered by the rolled hours (sorted), at most MAX_RAW_SPANS, closing the smallest gaps. */
function rawSpans(from: number, to: number, rolled: readonly number[]): [number, number][] {
  const spans: [number, number][] = [];
  let cursor = from;
  for (const h of rolled) {
    if (h > cursor) spans.push([cursor, h]);
    cursor = h + HOUR_MS;
  }
  if (cursor < to) spans.push([cursor, to]);
  while (spans.length > MAX_RAW_SPANS) {
    let gap = 0;
    for (let i = 1; i < spans.length - 1; i++) if (spans[i + 1]![0] - spans[i]![1] < spans[gap + 1]![0] - spans[gap]![1]) gap = i;
    spans.splice(gap, 2, [spans[gap]![0], spans[gap + 1]![1]]);
  }
  return spans;
}

/** Minutes in time order merged into buckets of `stepMs`: counts and sums added, min of mins, max of maxes. */
export function buckets(minutes: readonly MinuteAggregate[], stepMs: number): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let current: { t: number; sum: number; count: number; min: number; max: number } | undefined;
  const close = () => { if (current) out.push({ t: current.t, mean: current.sum / current.count, min: current.min, max: current.max, count: current.count }); };
  for (const m of minutes) {
    const t = m.t - (m.t % stepMs);
    if (current?.t !== t) {
      close();
      current = { t, sum: m.sum, count: m.count, min: m.min, max: m.max };
    } else {
      current.sum += m.sum;
      current.count += m.count;
      if (m.min < current.min) current.min = m.min;
      if (m.max > current.max) current.max = m.max;
    }
  }
  close();
  return out;
}
