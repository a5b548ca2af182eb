import type { SignalPath } from '../../shared/registry/index.ts';
import type { BucketAggregates } from './line-protocol.ts';

interface Running { count: number; sum: number; min: number; max: number }

/**
 * Buckets of a finer tier, in time order, combined into the buckets of a coarser one: counts and sums added (in
 * time order, as a store adds the rows of one series), min of minima, max of maxima. A path without values in a
 * finer bucket adds nothing; one without values in a whole coarser bucket is left out of it.
 */
export function coarsen(buckets: readonly BucketAggregates[], tierMs: number): BucketAggregates[] {
  const out: BucketAggregates[] = [];
  let t = NaN;
  let paths = new Map<SignalPath, Running>();
  const close = () => {
    if (paths.size > 0) out.push({ t, paths: [...paths].map(([path, r]) => ({ path, ...r })) });
  };
  for (const bucket of buckets) {
    const start = bucket.t - (bucket.t % tierMs);
    if (start !== t) {
      close();
      t = start;
      paths = new Map();
    }
    for (const { path, count, sum, min, max } of bucket.paths) {
      if (!(count > 0)) continue;
      const r = paths.get(path);
      if (!r) paths.set(path, { count, sum, min, max });
      else {
        r.count += count;
        r.sum += sum;
        if (min < r.min) r.min = min;
        if (max > r.max) r.max = max;
      }
    }
  }
  close();
  return out;
}
