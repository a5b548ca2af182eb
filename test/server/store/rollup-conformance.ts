import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId, type VesselId } from '../../../shared/wire/ids.ts';
import { RollupJob } from '../../../server/rollup/rollup-job.ts';
import { StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import { rolledSeries } from '../../../server/rollup/rolled-series.ts';
import { TierCache } from '../../../server/rollup/tier-cache.ts';
import { ROLLUP_TIERS_MS, type BucketSums, type SeriesPoint, type SeriesQuery, type SumsQuery, type TimeSeriesStore } from '../../../server/store/port.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 0, 0, 0);

/** 1 Hz values whose sums are inexact in floating point, so that any change in how they are added shows. */
function samples(from: number, seconds: number) {
  return Array.from({ length: seconds }, (_, i) => ({ t: from + i * 1000, v: { [SOC]: Math.sin(i) / 3, [VOLT]: 600 + 1 / (i + 7) } }));
}

function expectSameChart(actual: Partial<Record<SignalPath, SeriesPoint[]>>, expected: Partial<Record<SignalPath, SeriesPoint[]>>): void {
  const exact = (points: SeriesPoint[] | undefined) => points?.map(({ mean: _, ...rest }) => rest);
  for (const p of [SOC, VOLT]) {
    expect(exact(actual[p])).toEqual(exact(expected[p]));
    actual[p]!.forEach((point, i) => expect(Math.abs(point.mean - expected[p]![i]!.mean)).toBeLessThanOrEqual(1e-12 * Math.abs(point.mean) + 1e-15));
  }
}

/** Tier buckets against the same buckets aggregated from raw values: counts, minima, maxima exact, sums to 12 digits. */
function expectSameBuckets(actual: BucketSums[] | undefined, expected: BucketSums[] | undefined): void {
  expect(actual?.map(({ sum: _, ...rest }) => rest)).toEqual(expected?.map(({ sum: _, ...rest }) => rest));
  actual!.forEach((b, i) => expect(Math.abs(b.sum - expected![i]!.sum)).toBeLessThanOrEqual(1e-12 * Math.abs(b.sum) + 1e-12));
}

/** Charts through the change-tracking store with the roll-up job, on each engine with a real backing server. */
export function rollupConformance(name: string, open: () => Promise<{ engine: TimeSeriesStore; close: () => Promise<void> }>): void {
  describe(`${name} charts from roll-ups`, () => {
    let engine: TimeSeriesStore;
    let store: ChangeTrackingStore;
    let close: () => Promise<void>;
    const dir = tempDir();
    const state = new StateDatabase(dir.dir);
    const jobs: RollupJob[] = [];

    beforeAll(async () => {
      ({ engine, close } = await open());
      await state.start();
      store = new ChangeTrackingStore(engine, state);
      await store.start();
    });
    afterAll(async () => {
      for (const job of jobs) await job.stop();
      await store.stop();
      await state.stop();
      await close();
      dir.remove();
    });

    async function startJob(): Promise<RollupJob> {
      const job = new RollupJob({
        store: engine, changes: store.changes, index: store.rollups, oldestUnfinishedWrite: () => store.oldestUnfinishedWrite(),
        settleMs: 0, intervalMs: 20,
      });
      jobs.push(job);
      await job.start();
      return job;
    }

    async function rollAll(): Promise<void> {
      const job = await startJob();
      await waitFor(() => job.pendingHours() === 0, 30_000, 'roll-ups caught up');
      await job.stop();
    }

    const chart = (vessel: VesselId, to: number): SeriesQuery => ({ vessel, paths: [SOC, VOLT], from: T0, to, stepMs: 300_000 });

    it('draws the same chart whether its hours are rolled up or read raw: counts, minima, maxima exactly, means to 12 digits', async () => {
      const v = asVesselId('same-chart');
      await store.write(v, samples(T0, 3 * 3600 + 1200));
      const q = chart(v, T0 + 3 * H + 1_200_000);
      const raw = await store.series(q);
      await rollAll();
      expect(store.rollups.current(v, T0, q.to).map((h) => h.hour)).toEqual([T0, T0 + H, T0 + 2 * H, T0 + 3 * H]);
      const rolled = await store.series(q);
      expect(rolled[SOC]).toHaveLength(40);
      expectSameChart(rolled, raw);
      expectSameChart(rolled, await engine.series(q));
    });

    it('reads the whole hours rolled up and current from the roll-ups, the partial last hour from raw values', async () => {
      const v = asVesselId('which-source');
      await store.write(v, samples(T0, 2 * 3600));
      await rollAll();
      // Straight to the engine, past the change log: only a chart reading raw values can see these.
      await engine.write(v, [{ t: T0 + 10_000, v: { [SOC]: 7 } }, { t: T0 + H + 10_000, v: { [SOC]: 7 } }]);
      const whole = await store.series(chart(v, T0 + 2 * H));
      expect(Math.max(...whole[SOC]!.map((p) => p.max))).toBeLessThan(1);
      const partial = await store.series(chart(v, T0 + 2 * H - 60_000));
      expect(partial[SOC]!.filter((p) => p.max === 7).map((p) => p.t)).toEqual([T0 + H]);
    });

    it('reads an hour changed since its roll-up from raw values until it is rolled up again', async () => {
      const v = asVesselId('late-data');
      await store.write(v, samples(T0, 3 * 3600));
      await rollAll();
      const q = chart(v, T0 + 3 * H);
      await store.write(v, [{ t: T0 + H + 30_500, v: { [SOC]: 5 } }]);
      expect(store.rollups.current(v, T0, q.to).map((h) => h.hour)).toEqual([T0, T0 + 2 * H]);
      const late = await store.series(q);
      expect(late[SOC]!.find((p) => p.t === T0 + H)).toMatchObject({ max: 5, count: 301 });
      await rollAll();
      expect(store.rollups.current(v, T0, q.to)).toHaveLength(3);
      expectSameChart(await store.series(q), late);
    });

    it('keeps in each tier, per bucket, the count, sum, minimum and maximum of the raw values in it', async () => {
      const v = asVesselId('tiers');
      // 3 h 20 min from 10 past the hour: the first and last hours are partly filled.
      await store.write(v, samples(T0 + 600_000, 3 * 3600 + 1200));
      // A minute of one signal alone: the other has no bucket there in any tier.
      await store.write(v, Array.from({ length: 60 }, (_, i) => ({ t: T0 + 3 * H + 2_400_000 + i * 1000, v: { [SOC]: i / 7 } })));
      await rollAll();
      for (const tierMs of ROLLUP_TIERS_MS) {
        const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 4 * H, stepMs: tierMs };
        const tier = await engine.sums({ ...q, source: 'rollup', tierMs });
        const raw = await engine.sums({ ...q, source: 'raw' });
        expect(raw[SOC]).toHaveLength({ [60_000]: 201, [600_000]: 21, [H]: 4 }[tierMs]);
        expect(raw[VOLT]).toHaveLength({ [60_000]: 200, [600_000]: 20, [H]: 4 }[tierMs]);
        for (const p of [SOC, VOLT]) expectSameBuckets(tier[p], raw[p]);
      }
    });

    it('recomputes every tier of an hour when late data lands in it', async () => {
      const v = asVesselId('late-tiers');
      await store.write(v, samples(T0, 2 * 3600));
      await rollAll();
      await store.write(v, [{ t: T0 + H + 30_500, v: { [SOC]: 50 } }]);
      await rollAll();
      for (const tierMs of ROLLUP_TIERS_MS) {
        const q: SumsQuery = { vessel: v, paths: [SOC], from: T0, to: T0 + 2 * H, stepMs: tierMs, source: 'rollup', tierMs };
        const buckets = (await engine.sums(q))[SOC]!;
        expect(buckets.find((b) => b.t === T0 + H)).toMatchObject({ max: 50, count: tierMs / 1000 + 1 });
        expectSameBuckets(buckets, (await engine.sums({ ...q, source: 'raw' }))[SOC]);
      }
    });

    it('reads a chart from the coarsest tier its step is made of, and draws the same chart as from raw values', async () => {
      const v = asVesselId('tier-choice');
      await store.write(v, samples(T0, 8 * 3600));
      await rollAll();
      const tiersRead: (number | undefined)[] = [];
      const recording = Object.create(engine, {
        sums: { value: (q: SumsQuery) => { tiersRead.push(q.tierMs); return engine.sums(q); } },
      }) as TimeSeriesStore;
      const current = (q: SeriesQuery) => store.rollups.current(q.vessel, q.from, q.to);
      for (const [stepMs, tier] of [[4 * H, H], [2_400_000, 600_000], [180_000, 60_000]] as const) {
        tiersRead.length = 0;
        const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 8 * H, stepMs };
        expectSameChart(await rolledSeries(new TierCache(recording), current, q), await engine.series(q));
        expect(new Set(tiersRead)).toEqual(new Set([tier]));
      }
    });

    /** The engine, noting its roll-up reads as [from, to) in hours from T0. */
    function recordingEngine(): { recording: TimeSeriesStore; reads: number[][] } {
      const reads: number[][] = [];
      const recording = Object.create(engine, {
        sums: { value: (q: SumsQuery) => { if (q.source === 'rollup') reads.push([(q.from - T0) / H, (q.to - T0) / H]); return engine.sums(q); } },
      }) as TimeSeriesStore;
      return { recording, reads };
    }
    const current = (q: SeriesQuery) => store.rollups.current(q.vessel, q.from, q.to);
    /** The 40-minute bucket holding `t`. */
    const bucketOf = (t: number) => t - (t % 2_400_000);

    it('reads a rolled-up hour from the store once, then from what it kept, while no data lands in the hour', async () => {
      const v = asVesselId('kept-hours');
      await store.write(v, samples(T0, 6 * 3600));
      await rollAll();
      const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 6 * H, stepMs: 2_400_000 };
      const { recording, reads } = recordingEngine();
      const tiers = new TierCache(recording);
      const first = await rolledSeries(tiers, current, q);
      expect(reads).toEqual([[0, 6]]);
      const again = await rolledSeries(tiers, current, q);
      expect(reads).toEqual([[0, 6]]);
      expect(again).toEqual(first);
      expectSameChart(again, await engine.series(q));
    });

    it('shows late data landing in an hour a chart already read from the roll-ups, once that hour is rolled up again', async () => {
      const v = asVesselId('late-after-read');
      await store.write(v, samples(T0, 6 * 3600));
      await rollAll();
      const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 6 * H, stepMs: 2_400_000 };
      expect(Math.max(...(await store.series(q))[SOC]!.map((p) => p.max))).toBeLessThan(1);
      await store.write(v, [{ t: T0 + 2 * H + 30_500, v: { [SOC]: 60 } }]);
      await rollAll();
      const after = await store.series(q);
      expect(after[SOC]!.filter((p) => p.max > 1).map((p) => [p.t, p.max])).toEqual([[bucketOf(T0 + 2 * H), 60]]);
      expectSameChart(after, await engine.series(q));
    });

    it('reads again from the store, after late data, only the hour it changed, raw until rolled up and then its roll-up', async () => {
      const v = asVesselId('late-hour-only');
      await store.write(v, samples(T0, 6 * 3600));
      await rollAll();
      const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 6 * H, stepMs: 2_400_000 };
      const { recording, reads } = recordingEngine();
      const tiers = new TierCache(recording);
      await rolledSeries(tiers, current, q);
      await store.write(v, [{ t: T0 + 4 * H + 30_500, v: { [SOC]: 50 } }]);
      reads.length = 0;
      const unrolled = await rolledSeries(tiers, current, q);
      expect(reads).toEqual([]);
      expect(unrolled[SOC]!.find((p) => p.t === bucketOf(T0 + 4 * H))!.max).toBe(50);
      await rollAll();
      const rolled = await rolledSeries(tiers, current, q);
      expect(reads).toEqual([[4, 5]]);
      expectSameChart(rolled, unrolled);
    });

    it('gives the same chart again while no data lands in its range, once every hour of it is rolled up', async () => {
      const v = asVesselId('kept-chart');
      await store.write(v, samples(T0, 4 * 3600));
      const q = chart(v, T0 + 4 * H);
      expect(await store.series(q)).not.toBe(await store.series(q));
      await rollAll();
      const first = await store.series(q);
      expect(await store.series(q)).toBe(first);
      expectSameChart(first, await engine.series(q));
    });

    it('shows data landing in an hour of a kept chart\'s range that had none', async () => {
      const v = asVesselId('kept-chart-gap');
      await store.write(v, [...samples(T0, 2 * 3600), ...samples(T0 + 3 * H, 3600)]);
      await rollAll();
      const q = chart(v, T0 + 4 * H);
      const before = await store.series(q);
      expect(await store.series(q)).toBe(before);
      await store.write(v, [{ t: T0 + 2 * H + 1000, v: { [SOC]: 70 } }]);
      const after = await store.series(q);
      expect(after[SOC]!.find((p) => p.t === T0 + 2 * H)).toMatchObject({ max: 70, count: 1 });
      expect(after[SOC]).toHaveLength(before[SOC]!.length + 1);
    });

    it('counts a write as unfinished until the engine has it, so that the job never rolls an hour ahead of its data', async () => {
      const writing = store.write(asVesselId('in-flight'), samples(T0 + 8 * H, 60));
      expect(store.oldestUnfinishedWrite()).toBe(store.changes.revision());
      await writing;
      expect(store.oldestUnfinishedWrite()).toBe(Infinity);
    });

    it('picks up, when it starts, every hour changed while no job ran', async () => {
      const v = asVesselId('restart');
      await store.write(v, samples(T0 + 5 * H, 3600));
      const job = await startJob();
      await waitFor(() => store.rollups.current(v, T0, T0 + 6 * H).some((h) => h.hour === T0 + 5 * H), 30_000, 'hour 5 rolled');
      await job.stop();
    });
  });
}
