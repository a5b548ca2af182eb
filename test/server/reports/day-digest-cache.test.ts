import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DayDigestCache } from '../../../server/reports/day-digest-cache.ts';
import { DAY_MS, digestInputs } from '../../../server/reports/input-digest.ts';
import { baselineParameters, canonicalJson, sha256 } from '../../../server/reports/baseline-parameters.ts';
import { verifyReport } from '../../../server/reports/verify-report.ts';
import { StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { tempDir } from '../../helpers/tmp.ts';

const fregate = asVesselId('fregate');
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const DAY1 = Date.UTC(2024, 5, 1);
/** Three days of data, one sample a minute; the window starts and ends inside the first and last day. */
const WINDOW = { from: DAY1 + 4 * 3_600_000, to: DAY1 + 2 * DAY_MS + 18 * 3_600_000 };
const minutes = (from: number, to: number, soc: (k: number) => number): TelemetrySample[] =>
  Array.from({ length: (to - from) / 60_000 }, (_, k) => ({ t: from + k * 60_000, v: { [SOC]: soc(k) } as TelemetrySample['v'] }));

describe('day digests kept in the shore\'s state database', () => {
  let tmp: ReturnType<typeof tempDir>;
  let inner: SqliteStore;
  let store: ChangeTrackingStore;
  let state: StateDatabase;
  let db: Database.Database;
  let clock: number;
  let cache: DayDigestCache;
  const cold = () => digestInputs(store, [fregate], WINDOW);
  const warm = () => digestInputs(store, [fregate], WINDOW, cache);

  beforeEach(async () => {
    tmp = tempDir();
    inner = new SqliteStore(join(tmp.dir, 'telemetry.db'));
    state = new StateDatabase(tmp.dir);
    await state.start();
    store = new ChangeTrackingStore(inner, state);
    await store.start();
    await store.write(fregate, minutes(DAY1, DAY1 + 3 * DAY_MS, (k) => 0.2 + (k % 500) / 1000));
    db = state.db;
    clock = Date.UTC(2024, 8, 1);
    cache = new DayDigestCache(db, store.changes, { settleMs: 60_000, now: () => clock });
    await warm();
    clock += 60_000;
  });
  afterEach(async () => {
    await store.stop();
    await state.stop();
    tmp.remove();
  });

  it('answers a whole day from the cache with the same digest as a cold computation; the partial edge days are read', async () => {
    await warm();
    const hit = await warm();
    expect(hit.cachedDays).toBe(1);
    expect(hit.days).toBe(3);
    expect(hit).toEqual({ ...(await cold()), cachedDays: 1 });
  });

  it('reads a cached day again once a write has touched it, and the changed value changes the digest', async () => {
    await warm();
    const before = await warm();
    await store.write(fregate, [{ t: DAY1 + DAY_MS + 12 * 3_600_000, v: { [SOC]: 0.999 } as TelemetrySample['v'] }]);
    const after = await warm();
    expect(after.cachedDays).toBe(0);
    expect(after.sha256).not.toBe(before.sha256);
    expect(after).toEqual(await cold());
  });

  it('keeps no digest of a day while a write to it may still be landing (noted less than the settling time ago)', async () => {
    await store.write(fregate, [{ t: DAY1 + DAY_MS + 60_000, v: { [SOC]: 0.5 } as TelemetrySample['v'] }]);
    expect((await warm()).cachedDays).toBe(0);
    expect((await warm()).cachedDays).toBe(0);
    clock += 59_999;
    expect((await warm()).cachedDays).toBe(0);
    clock += 1;
    expect((await warm()).cachedDays).toBe(0);
    expect((await warm()).cachedDays).toBe(1);
  });

  it('never answers from the cache for a day the change log knows no write of', async () => {
    const untracked = asVesselId('mouette');
    await inner.write(untracked, minutes(DAY1, DAY1 + 3 * DAY_MS, () => 0.5));
    await digestInputs(store, [untracked], WINDOW, cache);
    clock += 60_000;
    await digestInputs(store, [untracked], WINDOW, cache);
    expect((await digestInputs(store, [untracked], WINDOW, cache)).cachedDays).toBe(0);
  });

  it('is not what --verify relies on: it reads the data and sees a change the cache cannot', async () => {
    await warm();
    const reported = await warm();
    expect(reported.cachedDays).toBe(1);
    // Written behind the change log's back, as a restored backup or an edited database would be.
    await inner.write(fregate, [{ t: DAY1 + DAY_MS + 12 * 3_600_000, v: { [SOC]: 0.999 } as TelemetrySample['v'] }]);
    expect((await warm()).sha256).toBe(reported.sha256);
    const verification = await verifyReport(
      {
        dataWindow: WINDOW, vessels: [fregate], softwareVersion: 'test',
        baselineParametersSha256: sha256(canonicalJson(baselineParameters([fregate], new Map()))),
        input: { sha256: reported.sha256, samples: reported.samples, values: reported.values },
      },
      { store, profiles: new Map(), version: 'test' },
    );
    expect(verification.input.matches).toBe(false);
    expect(verification.input.recomputed).toBe((await cold()).sha256);
    expect(verification.input.daysRead).toBe(3);
    expect(verification.baselineParameters.matches).toBe(true);
  });
});
