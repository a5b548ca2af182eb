import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { hourRuns, TierCache } from '../../../server/rollup/tier-cache.ts';
import type { SumsQuery, TimeSeriesStore } from '../../../server/store/port.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { tempDir } from '../../helpers/tmp.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const TEN_MIN = 600_000;

describe('runs of hours to read', () => {
  it('reads consecutive hours as one run', () => {
    expect(hourRuns([0, H, 2 * H, 5 * H, 6 * H], 4)).toEqual([{ from: 0, to: 3 * H }, { from: 5 * H, to: 7 * H }]);
  });

  it('joins the runs with the shortest gaps between them until no more than the runs allowed are left', () => {
    expect(hourRuns([0, 10 * H, 12 * H, 30 * H], 2)).toEqual([{ from: 0, to: 13 * H }, { from: 30 * H, to: 31 * H }]);
    expect(hourRuns([0, 10 * H, 12 * H, 30 * H], 1)).toEqual([{ from: 0, to: 31 * H }]);
  });
});

describe('roll-up tier buckets kept by hour', () => {
  const dir = tempDir();
  const engine = new SqliteStore(join(dir.dir, 'telemetry.db'));
  const v = asVesselId('cache');
  const reads: SumsQuery[] = [];
  const recording = Object.create(engine, {
    sums: { value: (q: SumsQuery) => { reads.push(q); return engine.sums(q); } },
  }) as TimeSeriesStore;
  const hours = (revision: number, ...hs: number[]) => hs.map((h) => ({ vessel: v, hour: T0 + h * H, revision }));

  beforeAll(async () => {
    await engine.start();
    // Three hours of SOC at one value a minute; VOLT only in the first.
    await engine.write(v, Array.from({ length: 180 }, (_, i) => ({ t: T0 + i * 60_000, v: i < 60 ? { [SOC]: i, [VOLT]: 600 + i } : { [SOC]: i } })));
    await engine.rollUp(v, T0, T0 + 3 * H);
  });
  afterAll(async () => {
    await engine.stop();
    dir.remove();
  });

  it('gives each hour its own buckets of each path, an empty list for a path without values in the hour', async () => {
    const [first, third, ...more] = await new TierCache(engine).read(v, [SOC, VOLT], TEN_MIN, hours(1, 0, 2));
    expect(more).toEqual([]);
    expect(first!.get(VOLT)!.map((b) => b.t)).toEqual([0, 1, 2, 3, 4, 5].map((k) => T0 + k * TEN_MIN));
    expect(third!.get(SOC)!.map((b) => [b.count, b.min, b.max])).toEqual([0, 1, 2, 3, 4, 5].map((k) => [10, 120 + 10 * k, 129 + 10 * k]));
    expect(third!.get(VOLT)).toEqual([]);
  });

  it('asks the store again for an hour whose revision changed, and for paths it has not kept', async () => {
    const tiers = new TierCache(recording);
    await tiers.read(v, [SOC], TEN_MIN, hours(1, 0, 1));
    reads.length = 0;
    await tiers.read(v, [SOC], TEN_MIN, [...hours(1, 0), ...hours(2, 1)]);
    await tiers.read(v, [SOC, VOLT], TEN_MIN, hours(1, 0));
    expect(reads.map((q) => [(q.from - T0) / H, (q.to - T0) / H, q.paths])).toEqual([[1, 2, [SOC]], [0, 1, [SOC, VOLT]]]);
  });

  it('keeps no more buckets than it is allowed, dropping the hours read least recently', async () => {
    const tiers = new TierCache(recording, 12);
    await tiers.read(v, [SOC], TEN_MIN, hours(1, 0, 1, 2));
    expect(tiers.size()).toBe(12);
    reads.length = 0;
    await tiers.read(v, [SOC], TEN_MIN, hours(1, 1, 2));
    expect(reads).toEqual([]);
    await tiers.read(v, [SOC], TEN_MIN, hours(1, 0));
    expect(reads.map((q) => (q.from - T0) / H)).toEqual([0]);
    expect(tiers.size()).toBe(12);
  });
});
