import { describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { ChartMemo } from '../../../server/rollup/chart-memo.ts';

const H = 3_600_000;
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const v = asVesselId('memo');
const q = (to: number) => ({ vessel: v, paths: [SOC], from: 0, to, stepMs: 600_000 });
const hours = (...revisions: number[]) => revisions.map((revision, i) => ({ vessel: v, hour: i * H, revision }));
const chart = (mean: number) => ({ [SOC]: [{ t: 0, mean, min: mean, max: mean, count: 1 }] });

describe('charts kept while the hours of their range stand', () => {
  it('gives the chart kept for the same query while its hours and their revisions are the same', () => {
    const memo = new ChartMemo();
    const kept = chart(1);
    memo.set(q(2 * H), hours(3, 4), kept);
    expect(memo.get(q(2 * H), hours(3, 4))).toBe(kept);
    expect(memo.get(q(3 * H), hours(3, 4))).toBeUndefined();
  });

  it('gives nothing once an hour of the range has a new revision, or an hour with data is added', () => {
    const memo = new ChartMemo();
    memo.set(q(2 * H), hours(3, 4), chart(1));
    expect(memo.get(q(2 * H), hours(3, 5))).toBeUndefined();
    expect(memo.get(q(2 * H), hours(3, 4, 6))).toBeUndefined();
  });

  it('keeps no more charts than allowed, dropping the one asked for least recently', () => {
    const memo = new ChartMemo(2);
    memo.set(q(H), hours(1), chart(1));
    memo.set(q(2 * H), hours(1), chart(2));
    memo.get(q(H), hours(1));
    memo.set(q(3 * H), hours(1), chart(3));
    expect(memo.get(q(2 * H), hours(1))).toBeUndefined();
    expect(memo.get(q(H), hours(1))).toEqual(chart(1));
    expect(memo.get(q(3 * H), hours(1))).toEqual(chart(3));
  });
});
