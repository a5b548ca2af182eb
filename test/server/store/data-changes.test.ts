import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VesselId } from '../../../shared/wire/ids.ts';
import { openStateDb, StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import { DataChangeLog } from '../../../server/store/data-changes.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import { tempDir } from '../../helpers/tmp.ts';

const H = 3_600_000;
const fregate = 'fregate' as VesselId;
const ondine = 'ondine' as VesselId;

describe('the data change log', () => {
  it('numbers writes in order and lists those after a revision', () => {
    const log = new DataChangeLog(openStateDb(':memory:'));
    expect(log.revision()).toBe(0);
    const first = log.record(fregate, 10 * H, 10 * H + 59_000);
    const second = log.record(ondine, 3 * H, 3 * H);
    expect(second).toBe(first + 1);
    expect(log.revision()).toBe(second);
    expect(log.writesSince(first)).toEqual([{ revision: second, vessel: ondine, from: 3 * H, to: 3 * H }]);
  });

  it('marks every hour a write spans with its revision, and a later write of an old hour moves that hour only', () => {
    const log = new DataChangeLog(openStateDb(':memory:'));
    const r1 = log.record(fregate, 10 * H + 1000, 12 * H + 5);
    const r2 = log.record(fregate, 11 * H + 30_000, 11 * H + 40_000);
    expect(log.hours(fregate, 0, 24 * H)).toEqual([
      { vessel: fregate, hour: 10 * H, revision: r1 },
      { vessel: fregate, hour: 11 * H, revision: r2 },
      { vessel: fregate, hour: 12 * H, revision: r1 },
    ]);
    expect(log.hours(ondine, 0, 24 * H)).toEqual([]);
  });

  it('forgets writes older than a day once they pile up, but never the newest', () => {
    let now = 0;
    const log = new DataChangeLog(openStateDb(':memory:'), () => now);
    for (let i = 0; i < 999; i++) log.record(fregate, i, i);
    now = 25 * H;
    const last = log.record(fregate, 5000, 5000);
    expect(log.writesSince(0).map((w) => w.revision)).toEqual([last]);
    expect(log.revision()).toBe(last);
  });

  it('refuses a write whose span runs backwards', () => {
    const log = new DataChangeLog(openStateDb(':memory:'));
    expect(() => log.record(fregate, 2, 1)).toThrow(RangeError);
  });
});

describe('a change-tracking store', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const step of cleanup.splice(0).reverse()) await step(); });

  it('notes each write with the time span of its samples and stores the samples unchanged', async () => {
    const { dir, remove } = tempDir('sillage-changes-');
    cleanup.push(remove);
    const state = new StateDatabase(dir);
    await state.start();
    cleanup.push(() => state.stop());
    const store = new ChangeTrackingStore(new SqliteStore(join(dir, 'telemetry.db')), state);
    await store.start();
    cleanup.push(() => store.stop());
    const before = store.changes.revision();
    await store.write(fregate, [
      { t: 5 * H + 2000, v: { 'electrical.batteries.main.stateOfCharge': 0.5 } },
      { t: 5 * H + 1000, v: { 'electrical.batteries.main.stateOfCharge': 0.51 } },
    ] as never);
    expect(store.changes.writesSince(before)).toEqual([{ revision: before + 1, vessel: fregate, from: 5 * H + 1000, to: 5 * H + 2000 }]);
    expect(await store.countValues(fregate, 0, 6 * H)).toBe(2);
  });
});
