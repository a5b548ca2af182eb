import { lookupSignal, type SignalPath } from '../../shared/registry/index.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';

const MINUTE_MS = 60_000;

/**
 * What is left of old samples when the outbox is full: one sample per clock minute (stamped at the minute's
 * start) holding each signal's mean over that minute. An enumerated signal (gear state) has no mean: it keeps
 * the value it held most often (on a tie, the one that got there first).
 */
export function thinToMinuteMeans(samples: readonly TelemetrySample[]): TelemetrySample[] {
  const minutes = new Map<number, Map<SignalPath, number[]>>();
  for (const { t, v } of samples) {
    const minute = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    let values = minutes.get(minute);
    if (!values) minutes.set(minute, (values = new Map()));
    for (const [path, value] of Object.entries(v) as [SignalPath, number][]) {
      const list = values.get(path);
      if (list) list.push(value);
      else values.set(path, [value]);
    }
  }
  return [...minutes.entries()].sort(([a], [b]) => a - b).map(([t, values]) => {
    const v: Record<SignalPath, number> = {};
    for (const [path, list] of values) v[path] = lookupSignal(path)?.unit === 'enum' ? mostFrequent(list) : mean(list);
    return { t, v };
  });
}

function mean(list: readonly number[]): number {
  let sum = 0;
  for (const x of list) sum += x;
  return sum / list.length;
}

function mostFrequent(list: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = list[0]!;
  for (const x of list) {
    const n = (counts.get(x) ?? 0) + 1;
    counts.set(x, n);
    if (n > counts.get(best)!) best = x;
  }
  return best;
}
