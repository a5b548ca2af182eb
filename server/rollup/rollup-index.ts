import type Database from 'better-sqlite3';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { HourRevision } from '../store/data-changes.ts';

/**
 * Which hours of which vessel have been rolled up, and as of which data revision. It lives in the shore's state
 * database beside the data change log (`data_hours`), so that an hour is current exactly when the revision it
 * was rolled at is the last revision that touched it.
 */
export class RollupIndex {
  private readonly markHour;
  private readonly rolledOf;
  private readonly staleAll;

  constructor(db: Database.Database) {
    this.markHour = db.prepare<[string, number, number]>(
      'INSERT INTO rollup_hours (vessel, hour, revision) VALUES (?, ?, ?) ON CONFLICT (vessel, hour) DO UPDATE SET revision = excluded.revision');
    this.rolledOf = db.prepare<[string, number, number], { hour: number; revision: number }>(
      'SELECT hour, revision FROM rollup_hours WHERE vessel = ? AND hour >= ? AND hour < ?');
    this.staleAll = db.prepare<[], { vessel: string; hour: number; revision: number }>(
      `SELECT d.vessel, d.hour, d.revision FROM data_hours d LEFT JOIN rollup_hours r ON r.vessel = d.vessel AND r.hour = d.hour
       WHERE r.revision IS NULL OR r.revision < d.revision ORDER BY d.vessel, d.hour`);
  }

  /** Notes that `hour` was rolled up from data as of `revision`. */
  mark(vessel: VesselId, hour: number, revision: number): void {
    this.markHour.run(vessel, hour, revision);
  }

  /** The hours among `data` whose roll-up is current: rolled at (or after) the last revision that touched them. */
  current(vessel: VesselId, data: readonly HourRevision[]): Set<number> {
    const out = new Set<number>();
    if (data.length === 0) return out;
    const rolled = new Map(this.rolledOf.all(vessel, data[0]!.hour, data.at(-1)!.hour + 1).map((r) => [r.hour, r.revision]));
    for (const d of data) if ((rolled.get(d.hour) ?? -1) >= d.revision) out.add(d.hour);
    return out;
  }

  /** Every hour with data not rolled up as of its last change: what a job starting over has to do. */
  stale(): HourRevision[] {
    return this.staleAll.all().map((r) => ({ vessel: r.vessel as VesselId, hour: r.hour, revision: r.revision }));
  }
}
