import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TripRepository } from '../../../server/analytics/trip-repository.ts';
import { openStateDb } from '../../../server/state/state-db.ts';
import { tripSavings } from '../../../shared/savings/index.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { profile, simulateTrip } from '../../shared/savings/simulated-trips.ts';
import { started } from '../../helpers/started.ts';

const HOUR = 3_600_000;
const fregate = asVesselId('fregate');
interface Fleet { vessels: { id: string; fuelSavedToday: { value: number; trips: number } | null }[] }

/**
 * A trip ended half an hour before or after UTC midnight, seen from a time zone an hour off UTC: whether it counts
 * for "fuel saved today" on the fleet page depends on the server's day, which is the local one, as on board.
 */
describe('fuel saved today on the fleet page', () => {
  let shore: RunningShore;
  let db: Database.Database;
  const tz = process.env.TZ;
  const utcMidnight = new Date().setUTCHours(0, 0, 0, 0);
  // Before 01:00 UTC, an hour east of UTC the day began at 23:00 UTC yesterday; later, an hour west it began at 01:00.
  const early = Date.now() - utcMidnight < HOUR;
  const zone = early ? 'Etc/GMT-1' : 'Etc/GMT+1';
  const end = early ? utcMidnight - HOUR / 2 : utcMidnight + HOUR / 2;

  beforeAll(async () => {
    shore = await startShore({ vessels: [{ id: fregate, name: 'La Frégate', profile }] });
    db = openStateDb(join(shore.dataDir, 'server.db'));
    const draft = simulateTrip({ metier: 'OTB', seed: 31 });
    const trip = simulateTrip({ metier: 'OTB', seed: 31, start: end - (draft.record.end - draft.record.start) });
    expect(Math.abs(trip.record.end - end)).toBeLessThan(HOUR / 4);
    (await started(new TripRepository({ db }))).save(fregate, trip.record, tripSavings(profile, trip.record, { draws: 100 }), Date.now());
  }, 120_000);

  afterAll(async () => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
    db?.close();
    await shore?.stop();
  });

  const savedToday = async () => (await shore.get<Fleet>('/api/fleet')).vessels.find((v) => v.id === fregate)!.fuelSavedToday;

  it('counts a trip ended today in UTC, and not yesterday\'s, when the server runs on UTC', async () => {
    process.env.TZ = 'UTC';
    expect((await savedToday())?.trips ?? 0).toBe(early ? 0 : 1);
  });

  it('counts it by the local day when the server runs in another time zone', async () => {
    process.env.TZ = zone;
    expect((await savedToday())?.trips ?? 0).toBe(early ? 1 : 0);
  });
});
