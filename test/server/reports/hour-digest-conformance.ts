import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baselineParameters, canonicalJson, sha256 } from '../../../server/reports/baseline-parameters.ts';
import { DAY_MS, digestInputs } from '../../../server/reports/input-digest.ts';
import { verifyReport } from '../../../server/reports/verify-report.ts';
import { StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import type { TimeSeriesStore } from '../../../server/store/port.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId, type VesselId } from '../../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { tempDir } from '../../helpers/tmp.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const SOG = 'navigation.speedOverGround' as SignalPath;
const H = 3_600_000;
const DAY1 = Date.UTC(2024, 5, 1);
const WINDOW = { from: DAY1, to: DAY1 + 3 * DAY_MS };

/** One sample a minute in [from, to), values whose decimals do not come out round. */
const minutes = (from: number, to: number, shift = 0): TelemetrySample[] =>
  Array.from({ length: (to - from) / 60_000 }, (_, k) => ({ t: from + k * 60_000, v: { [SOC]: Math.sin(k + shift) / 3 + 0.5, [SOG]: 1 / (k + 7) } as TelemetrySample['v'] }));

/** Hour by hour, as ingest stores a vessel's batches, but the hours of each day in reverse order (a backlog landing). */
async function storeDays(store: TimeSeriesStore, vessel: VesselId, days: number): Promise<void> {
  for (let d = 0; d < days; d++) {
    for (let h = 23; h >= 0; h--) await store.write(vessel, minutes(DAY1 + d * DAY_MS + h * H, DAY1 + d * DAY_MS + (h + 1) * H, h));
  }
}

/**
 * The hour digests kept as data is stored, on an engine with a real backing server: `changeBehindTheBack` changes
 * one stored value the way a restored backup or a hand edit would, without Sillage.
 */
export function hourDigestConformance(name: string, open: () => Promise<{
  engine: TimeSeriesStore; changeBehindTheBack: (vessel: VesselId, t: number, path: SignalPath, v: number) => Promise<void>; close: () => Promise<void>;
}>): void {
  describe(`${name}: report digests kept as data is stored`, () => {
    let engine: TimeSeriesStore;
    let store: ChangeTrackingStore;
    let changeBehindTheBack: (vessel: VesselId, t: number, path: SignalPath, v: number) => Promise<void>;
    let close: () => Promise<void>;
    const dir = tempDir();
    const state = new StateDatabase(dir.dir);
    let n = 0;
    const vessel = () => asVesselId(`vessel-${++n}`);
    const report = (v: VesselId, window = WINDOW) => digestInputs(store, [v], window, store.digests);
    const fromScratch = (v: VesselId, window = WINDOW) => digestInputs(store, [v], window);
    const sameDigest = async (v: VesselId, window = WINDOW) => {
      const [kept, read] = [await report(v, window), await fromScratch(v, window)];
      expect({ ...kept, hoursRead: 0 }).toEqual({ ...read, hoursRead: 0 });
      return kept;
    };

    beforeAll(async () => {
      ({ engine, changeBehindTheBack, close } = await open());
      await state.start();
      store = new ChangeTrackingStore(engine, state);
      await store.start();
    });
    afterAll(async () => {
      await store.stop();
      await state.stop();
      await close();
      dir.remove();
    });

    it('answers a report from the digests kept as the data was stored, equal to the digest recomputed from every value', async () => {
      const v = vessel();
      await storeDays(store, v, 3);
      const kept = await sameDigest(v);
      expect(kept.hoursRead).toBe(0);
      expect(kept).toMatchObject({ samples: 3 * 1440, values: 2 * 3 * 1440, days: 3 });
    });

    it('reads only the partial hours at the window\'s edges', async () => {
      const v = vessel();
      await storeDays(store, v, 3);
      const window = { from: DAY1 + 4 * H + 17 * 60_000, to: DAY1 + 2 * DAY_MS + 18 * H + 30 * 60_000 };
      expect((await sameDigest(v, window)).hoursRead).toBe(2);
    });

    it('changes the report\'s digest with a late batch inside an already-digested day, reading back that hour once', async () => {
      const v = vessel();
      await storeDays(store, v, 3);
      const before = await report(v);
      // Between the minutes already stored: it may replace values, so the hour is read again.
      await store.write(v, [{ t: DAY1 + DAY_MS + 12 * H + 30_000, v: { [SOC]: 0.25 } as TelemetrySample['v'] }]);
      const after = await sameDigest(v);
      expect(after.sha256).not.toBe(before.sha256);
      expect(after.samples).toBe(before.samples + 1);
      expect((await report(v)).hoursRead).toBe(0);
    });

    it('adds a late batch of new instants to the hour\'s digest without reading it back', async () => {
      const v = vessel();
      await store.write(v, minutes(DAY1 + 10 * H, DAY1 + 10 * H + 30 * 60_000));
      const before = await report(v);
      await store.write(v, minutes(DAY1 + 10 * H - 10 * 60_000, DAY1 + 10 * H, 5));
      await store.write(v, minutes(DAY1 + 10 * H + 30 * 60_000, DAY1 + 11 * H, 9));
      const after = await sameDigest(v);
      expect(after.sha256).not.toBe(before.sha256);
      expect(after.hoursRead).toBe(0);
    });

    it('keeps the digest of a re-sent batch as it was', async () => {
      const v = vessel();
      await storeDays(store, v, 1);
      const before = await report(v);
      await store.write(v, minutes(DAY1 + 7 * H, DAY1 + 8 * H, 7));
      const after = await sameDigest(v);
      expect(after.sha256).toBe(before.sha256);
      expect(after.hoursRead).toBe(1);
    });

    it('is not what --verify relies on: it reads every value and sees a change made behind Sillage\'s back', async () => {
      const v = vessel();
      await storeDays(store, v, 3);
      const reported = await report(v);
      await changeBehindTheBack(v, DAY1 + DAY_MS + 12 * H, SOC, 0.999);
      expect((await report(v)).sha256).toBe(reported.sha256);
      const verification = await verifyReport(
        {
          dataWindow: WINDOW, vessels: [v], softwareVersion: 'test',
          baselineParametersSha256: sha256(canonicalJson(baselineParameters([v], new Map()))),
          input: { sha256: reported.sha256, samples: reported.samples, values: reported.values },
        },
        { store, profiles: new Map(), version: 'test' },
      );
      expect(verification.input.matches).toBe(false);
      expect(verification.input.recomputed).toBe((await fromScratch(v)).sha256);
      expect(verification.input.daysRead).toBe(3);
    });

    it('reads back, once, the hours of data stored before the digests were kept', async () => {
      const v = vessel();
      await storeDays(engine, v, 1);
      const upgradedDir = tempDir();
      const upgraded = new StateDatabase(upgradedDir.dir);
      await upgraded.start();
      const after = new ChangeTrackingStore(engine, upgraded);
      await after.start();
      try {
        const first = await digestInputs(after, [v], WINDOW, after.digests);
        expect(first.hoursRead).toBe(3 * 24);
        expect({ ...first, hoursRead: 0 }).toEqual({ ...(await fromScratch(v)), hoursRead: 0 });
        expect(await digestInputs(after, [v], WINDOW, after.digests)).toEqual({ ...first, hoursRead: 0 });
      } finally {
        await upgraded.stop();
        upgradedDir.remove();
      }
    });
  });
}
