import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { TripAnalytics } from '../../../server/analytics/trip-analytics.ts';
import { TripRepository, type StoredTrip } from '../../../server/analytics/trip-repository.ts';
import { StateDatabase } from '../../../server/state/state-db.ts';
import { ChangeTrackingStore } from '../../../server/store/change-tracking-store.ts';
import { SqliteStore } from '../../../server/store/sqlite-store.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { asVesselId, type VesselId } from '../../../shared/wire/ids.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { simulatedSamples } from './simulated-samples.ts';
import { started } from '../../helpers/started.ts';

const profile = resolveVesselProfile('la-fregate');
const START = Date.UTC(2024, 5, 10, 4);
const HOUR = 3_600_000;
const HOURS = 4;
const SETTLE = 10_000;
/** Each vessel receives the same simulated telemetry, delivered differently. */
const onTime = asVesselId('on-time');
const liveFirst = asVesselId('live-first');
const gapFilled = asVesselId('gap-filled');
const afterRestart = asVesselId('after-restart');
const vessels = [onTime, liveFirst, gapFilled, afterRestart];

/** A stored trip without what names its vessel or when it was written: what must not depend on delivery. */
const figures = (t: StoredTrip) => ({ start: t.start, end: t.end, status: t.status, metier: t.metier, record: t.record, savings: t.savings });

describe('trip analytics follow the data, not the wall clock', () => {
  const tmp = tempDir();
  const state = new StateDatabase(tmp.dir);
  const store = new ChangeTrackingStore(new SqliteStore(join(tmp.dir, 'store.db')), state);
  let trips: TripRepository;
  /** The wall clock is days past the data: only the data's arrival decides what is analysed. */
  let now = START + 10 * 24 * HOUR;
  const hours: TelemetrySample[][] = Array.from({ length: HOURS }, () => []);
  const analytics = () => new TripAnalytics({
    store, changes: store.changes, trips, vessels: vessels.map((id) => ({ id, profile })), intervalMs: HOUR, settleMs: SETTLE, now: () => now,
    // The four ids are one vessel delivered four ways: one vessel, one set of systematic draws.
    vesselSeed: () => 1,
  });
  /** Two passes a settle apart: the writes seen at the first are followed at the second. */
  const follow = async (a: TripAnalytics) => {
    await a.pass();
    now += SETTLE + 1000;
    await a.pass();
  };
  const send = (vessel: VesselId, hour: number) => store.write(vessel, hours[hour]!);

  beforeAll(async () => {
    await state.start();
    trips = await started(new TripRepository(state));
    await store.start();
    for (const s of simulatedSamples({ profile, metier: 'OTB', seed: 9, start: START, hours: HOURS })) {
      hours[Math.min(HOURS - 1, Math.floor((s.t - START) / HOUR))]!.push(s);
    }
  }, 120_000);

  afterAll(async () => {
    await store.stop();
    await state.stop();
    tmp.remove();
  });

  it('reaches the same trip from data delivered live first and its backlog hours later as from data delivered on time', async () => {
    const a = analytics();
    await a.start();
    for (let h = 0; h < HOURS; h++) {
      await send(onTime, h);
      await follow(a);
    }
    // The vessel comes back from days offline: it sends what it measures now, then drains its backlog, oldest first.
    await send(liveFirst, HOURS - 1);
    await follow(a);
    expect(trips.forVessel(liveFirst).map((t) => t.start)).toEqual([hours[HOURS - 1]![0]!.t]);
    for (let h = 0; h < HOURS - 1; h++) {
      now += 6 * HOUR;
      await send(liveFirst, h);
      await follow(a);
    }
    await a.stop();
    const expected = trips.forVessel(onTime);
    expect(expected).toHaveLength(1);
    expect(expected[0]!.savings?.fuel.baselineKg).toBeGreaterThan(0);
    expect(trips.forVessel(liveFirst).map(figures)).toEqual(expected.map(figures));
  }, 180_000);

  it('fills a gap whose data arrives hours late', async () => {
    const a = analytics();
    await a.start();
    for (const h of [0, 2, 3]) await send(gapFilled, h);
    await follow(a);
    const withGap = trips.forVessel(gapFilled);
    expect(withGap[0]!.record.coverage.gapSeconds).toBeGreaterThan(3000);
    now += 5 * HOUR;
    await send(gapFilled, 1);
    await follow(a);
    await a.stop();
    expect(trips.forVessel(gapFilled).map(figures)).toEqual(trips.forVessel(onTime).map(figures));
  }, 180_000);

  it('changes nothing when a batch is sent again', async () => {
    const before = trips.forVessel(onTime).map(figures);
    const a = analytics();
    await a.start();
    await send(onTime, 1);
    await follow(a);
    await a.stop();
    expect(trips.forVessel(onTime).map(figures)).toEqual(before);
  }, 180_000);

  it('sees after a restart the late data that arrived while it was stopped', async () => {
    const first = analytics();
    await first.start();
    for (const h of [0, 2, 3]) await send(afterRestart, h);
    await follow(first);
    await first.stop();
    await send(afterRestart, 1);
    now += HOUR;
    const second = analytics();
    await second.start();
    await follow(second);
    await second.stop();
    expect(trips.forVessel(afterRestart).map(figures)).toEqual(trips.forVessel(onTime).map(figures));
  }, 180_000);
});
