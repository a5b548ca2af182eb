import { describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { coarsen } from '../../../server/store/rollup-tiers.ts';

const A = 'electrical.batteries.main.voltage' as SignalPath;
const B = 'propulsion.main.power' as SignalPath;
const M = 60_000;

describe('coarsening roll-up buckets into an upper tier', () => {
  it('adds counts and sums, and keeps the least minimum and greatest maximum of the buckets in each coarser one', () => {
    const minutes = [0, 1, 2, 10, 11].map((k) => ({ t: k * M, paths: [{ path: A, count: 60, sum: 60 * k, min: k - 1, max: k + 1 }] }));
    expect(coarsen(minutes, 10 * M)).toEqual([
      { t: 0, paths: [{ path: A, count: 180, sum: 180, min: -1, max: 3 }] },
      { t: 10 * M, paths: [{ path: A, count: 120, sum: 1260, min: 9, max: 12 }] },
    ]);
  });

  it('leaves a path out of a bucket none of its finer buckets had values for, and ignores its empty finer buckets', () => {
    const minutes = [
      { t: 0, paths: [{ path: A, count: 2, sum: 3, min: 1, max: 2 }, { path: B, count: 0, sum: 0, min: 0, max: 0 }] },
      { t: M, paths: [{ path: A, count: 0, sum: 0, min: 0, max: 0 }, { path: B, count: 1, sum: -5, min: -5, max: -5 }] },
      { t: 10 * M, paths: [{ path: A, count: 1, sum: 7, min: 7, max: 7 }, { path: B, count: 0, sum: 0, min: 0, max: 0 }] },
    ];
    expect(coarsen(minutes, 10 * M)).toEqual([
      { t: 0, paths: [{ path: A, count: 2, sum: 3, min: 1, max: 2 }, { path: B, count: 1, sum: -5, min: -5, max: -5 }] },
      { t: 10 * M, paths: [{ path: A, count: 1, sum: 7, min: 7, max: 7 }] },
    ]);
  });
});
