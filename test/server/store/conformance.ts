import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { SampleRows, TimeSeriesStore } from '../../../server/store/port.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const T0 = Date.UTC(2026, 5, 1, 8, 0, 0);
const A = asVesselId('alpha');
const B = asVesselId('bravo');

/** The behaviour every time-series store must have; run against each adapter with a real backing server. */
export function storeConformance(name: string, open: () => Promise<{ store: TimeSeriesStore; close: () => Promise<void> }>): void {
  describe(`${name} store conformance`, () => {
    let store: TimeSeriesStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
      await store.start();
    });
    afterAll(async () => {
      await store.stop();
      await close();
    });

    it('returns the latest value of each signal with its time', async () => {
      await store.write(A, [
        { t: T0, v: { [SOC]: 0.8, [VOLT]: 650.25 } },
        { t: T0 + 1000, v: { [SOC]: 0.79 } },
      ]);
      const latest = await store.latest(A);
      expect(latest[SOC]).toEqual({ t: T0 + 1000, v: 0.79 });
      expect(latest[VOLT]).toEqual({ t: T0, v: 650.25 });
    });

    it('keeps the newest value as latest when an older batch arrives after a newer one', async () => {
      const v = asVesselId('late');
      await store.write(v, [{ t: T0 + 5000, v: { [SOC]: 0.5 } }]);
      await store.write(v, [{ t: T0, v: { [SOC]: 0.9 } }]);
      expect((await store.latest(v))[SOC]).toEqual({ t: T0 + 5000, v: 0.5 });
    });

    it('stores a re-sent batch once: same vessel, path and time give one value', async () => {
      const v = asVesselId('idem');
      const batch = [{ t: T0, v: { [SOC]: 0.7, [VOLT]: 640 } }, { t: T0 + 1000, v: { [SOC]: 0.69, [VOLT]: 639.5 } }];
      await store.write(v, batch);
      await store.write(v, batch);
      expect(await store.countValues(v, T0, T0 + 2000)).toBe(4);
    });

    it('keeps vessels apart', async () => {
      await store.write(B, [{ t: T0, v: { [SOC]: 0.1 } }]);
      expect((await store.latest(A))[SOC]?.v).toBe(0.79);
      expect((await store.latest(B))[SOC]?.v).toBe(0.1);
      expect(await store.vessels()).toEqual(expect.arrayContaining([A, B]));
    });

    it('returns nothing for a vessel it has never seen', async () => {
      expect(await store.latest(asVesselId('ghost'))).toEqual({});
      expect(await store.countValues(asVesselId('ghost'), 0, T0 * 2)).toBe(0);
    });

    it('downsamples on the store: mean, min, max and count per time bucket', async () => {
      const v = asVesselId('series');
      const samples = Array.from({ length: 120 }, (_, i) => ({ t: T0 + i * 1000, v: { [VOLT]: 600 + i } }));
      await store.write(v, samples);
      const result = await store.series({ vessel: v, paths: [VOLT, SOC], from: T0, to: T0 + 120_000, stepMs: 60_000 });
      expect(result[VOLT]).toEqual([
        { t: T0, mean: 629.5, min: 600, max: 659, count: 60 },
        { t: T0 + 60_000, mean: 689.5, min: 660, max: 719, count: 60 },
      ]);
      expect(result[SOC]).toEqual([]);
    });

    it('returns raw values exactly when the bucket is one sample wide', async () => {
      const v = asVesselId('exact');
      const values = [0.123456789012345, 0.1 + 0.2, 1 / 3];
      await store.write(v, values.map((x, i) => ({ t: T0 + i * 1000, v: { [SOC]: x } })));
      const result = await store.series({ vessel: v, paths: [SOC], from: T0, to: T0 + 3000, stepMs: 1000 });
      expect(result[SOC]?.map((p) => p.mean)).toEqual(values);
      expect(result[SOC]?.map((p) => p.t)).toEqual([T0, T0 + 1000, T0 + 2000]);
    });

    it('hands over as rows, batch by batch, the instants it reads back as samples: paths in ASCII order, a path missing where an instant has none', async () => {
      const v = asVesselId('rows');
      // More instants than one batch of rows holds, and one instant without the voltage.
      const written = Array.from({ length: 4000 }, (_, i) => ({ t: T0 + i * 1000, v: i === 3700 ? { [SOC]: 1 / (i + 3) } : { [VOLT]: 600 + i / 7, [SOC]: 1 / (i + 3) } }));
      await store.write(v, written);
      const batches: SampleRows[] = [];
      // Copied: a batch is only lent until take returns.
      await store.sampleRows(v, T0 + 1000, T0 + 4000 * 1000, (rows) => batches.push({ ...rows, rows: rows.rows.map((row) => Array.from(row)) }));
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.every((b) => b.paths.join() === [...b.paths].sort().join())).toBe(true);
      const asSamples = batches.flatMap(({ paths, cells, rows }) => rows.map((row) => ({
        t: row[0], v: Object.fromEntries(paths.flatMap((p, k) => (typeof row[cells[k]!] === 'number' ? [[p, row[cells[k]!]]] : []))),
      })));
      expect(asSamples).toEqual(await store.samples(v, T0 + 1000, T0 + 4000 * 1000));
      expect(asSamples).toHaveLength(3999);
      expect(asSamples[3699]).toEqual({ t: T0 + 3700 * 1000, v: { [SOC]: 1 / 3703 } });
    });

    it('excludes the end of the range and counts only inside it', async () => {
      const v = asVesselId('range');
      await store.write(v, [0, 1, 2, 3].map((i) => ({ t: T0 + i * 1000, v: { [SOC]: 0.5 } })));
      expect(await store.countValues(v, T0 + 1000, T0 + 3000)).toBe(2);
    });

    it('stores integral values as floats beside fractional ones for the same signal', async () => {
      const v = asVesselId('floats');
      await store.write(v, [{ t: T0, v: { [VOLT]: 650 } }, { t: T0 + 1000, v: { [VOLT]: 650.5 } }]);
      const result = await store.series({ vessel: v, paths: [VOLT], from: T0, to: T0 + 2000, stepMs: 1000 });
      expect(result[VOLT]?.map((p) => p.mean)).toEqual([650, 650.5]);
    });

    it('sums raw values per bucket: count, sum, min and max', async () => {
      const v = asVesselId('minutes');
      await store.write(v, Array.from({ length: 150 }, (_, i) => ({ t: T0 + i * 1000, v: { [VOLT]: 600 + i } })));
      const result = await store.sums({ vessel: v, paths: [VOLT, SOC], from: T0, to: T0 + 180_000, stepMs: 60_000, source: 'raw' });
      expect(result[VOLT]).toEqual([
        { t: T0, count: 60, sum: 37_770, min: 600, max: 659 },
        { t: T0 + 60_000, count: 60, sum: 41_370, min: 660, max: 719 },
        { t: T0 + 120_000, count: 30, sum: 22_035, min: 720, max: 749 },
      ]);
      expect(result[SOC]).toEqual([]);
    });

    it('keeps roll-ups identical, bit for bit, to the same minutes aggregated from raw values', async () => {
      const v = asVesselId('rolled');
      await store.write(v, Array.from({ length: 7200 }, (_, i) => ({ t: T0 + i * 1000, v: { [SOC]: Math.sin(i) / 3, [VOLT]: 600 + 1 / (i + 7) } })));
      await store.rollUp(v, T0, T0 + 7_200_000);
      const q = { vessel: v, paths: [SOC, VOLT], from: T0, to: T0 + 7_200_000, stepMs: 60_000 };
      const raw = await store.sums({ ...q, source: 'raw' });
      const rolled = await store.sums({ ...q, source: 'rollup' });
      expect(raw[SOC]).toHaveLength(120);
      expect(rolled).toEqual(raw);
    });

    it('sums roll-ups into wider buckets: the counts, minima and maxima of the raw values, their sums but for the last bits', async () => {
      const v = asVesselId('rolled-wide');
      await store.write(v, Array.from({ length: 7200 }, (_, i) => ({ t: T0 + i * 1000, v: { [SOC]: Math.sin(i) / 3 } })));
      await store.rollUp(v, T0, T0 + 7_200_000);
      const q = { vessel: v, paths: [SOC], from: T0, to: T0 + 7_200_000, stepMs: 2_640_000 };
      const raw = (await store.sums({ ...q, source: 'raw' }))[SOC]!;
      const rolled = (await store.sums({ ...q, source: 'rollup' }))[SOC]!;
      expect(rolled.map(({ sum: _, ...exact }) => exact)).toEqual(raw.map(({ sum: _, ...exact }) => exact));
      expect(rolled.map((b) => b.t)).toEqual([T0 - (T0 % 2_640_000), T0 - (T0 % 2_640_000) + 2_640_000, T0 - (T0 % 2_640_000) + 5_280_000, T0 - (T0 % 2_640_000) + 7_920_000].filter((t) => t < T0 + 7_200_000));
      rolled.forEach((b, i) => expect(Math.abs(b.sum - raw[i]!.sum)).toBeLessThan(1e-9));
    });

    it('keeps what was rolled until rolled again: a late value changes the raw minutes, then the roll-ups', async () => {
      const v = asVesselId('reroll');
      await store.write(v, [0, 1, 2].map((i) => ({ t: T0 + i * 1000, v: { [SOC]: 0.5 } })));
      await store.rollUp(v, T0, T0 + 3_600_000);
      await store.write(v, [{ t: T0 + 30_000, v: { [SOC]: 0.9 } }]);
      const q = { vessel: v, paths: [SOC], from: T0, to: T0 + 3_600_000, stepMs: 60_000 };
      expect((await store.sums({ ...q, source: 'rollup' }))[SOC]).toEqual([{ t: T0, count: 3, sum: 1.5, min: 0.5, max: 0.5 }]);
      expect((await store.sums({ ...q, source: 'raw' }))[SOC]).toEqual([{ t: T0, count: 4, sum: 2.4, min: 0.5, max: 0.9 }]);
      await store.rollUp(v, T0, T0 + 3_600_000);
      expect((await store.sums({ ...q, source: 'rollup' }))[SOC]).toEqual([{ t: T0, count: 4, sum: 2.4, min: 0.5, max: 0.9 }]);
    });

    it('rolls up only the vessel and the hours asked for', async () => {
      const [v, w] = [asVesselId('roll-one'), asVesselId('roll-other')];
      const hours = [0, 1].map((h) => ({ t: T0 + h * 3_600_000, v: { [SOC]: 0.25 } }));
      await store.write(v, hours);
      await store.write(w, hours);
      await store.rollUp(v, T0, T0 + 3_600_000);
      const q = { paths: [SOC], from: T0, to: T0 + 7_200_000, stepMs: 60_000, source: 'rollup' as const };
      expect((await store.sums({ ...q, vessel: v }))[SOC]).toEqual([{ t: T0, count: 1, sum: 0.25, min: 0.25, max: 0.25 }]);
      expect((await store.sums({ ...q, vessel: w }))[SOC]).toEqual([]);
    });
  });
}
