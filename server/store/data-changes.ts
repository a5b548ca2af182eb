import type Database from 'better-sqlite3';
import type { VesselId } from '../../shared/wire/ids.ts';

const HOUR_MS = 3_600_000;
/** Writes older than this are forgotten: the derived views that follow them poll every few seconds. */
const WRITE_RETENTION_MS = 24 * HOUR_MS;

/** One write to the time-series store: its revision and the time span of the samples it carried. */
export interface DataWrite {
  readonly revision: number;
  readonly vessel: VesselId;
  readonly from: number;
  readonly to: number;
}

/** The last revision that touched one hour of one vessel's telemetry. */
export interface HourRevision {
  readonly vessel: VesselId;
  readonly hour: number;
  readonly revision: number;
}

/**
 * What telemetry changed, and when, in the order it was written, so that what is derived from it (trips and
 * savings, roll-ups, report digests) follows the data, not the wall clock: a backlog landing days late, a replay
 * or a re-sent batch is seen as a change to the hours it touches. Revisions grow by one per write, in the shore's
 * state database, so several ingest processes on one host share one sequence.
 */
export class DataChangeLog {
  private readonly insertWrite;
  private readonly touchHour;
  private readonly writesAfter;
  private readonly hoursOf;
  private readonly latest;
  private readonly prune;
  private readonly recordTx;
  private recorded = 0;

  constructor(db: Database.Database, private readonly now: () => number = Date.now) {
    this.insertWrite = db.prepare<[string, number, number, number]>('INSERT INTO data_writes (vessel, t_from, t_to, written_at) VALUES (?, ?, ?, ?)');
    this.touchHour = db.prepare<[string, number, number]>(
      'INSERT INTO data_hours (vessel, hour, revision) VALUES (?, ?, ?) ON CONFLICT (vessel, hour) DO UPDATE SET revision = excluded.revision');
    this.writesAfter = db.prepare<[number], { revision: number; vessel: string; t_from: number; t_to: number }>(
      'SELECT revision, vessel, t_from, t_to FROM data_writes WHERE revision > ? ORDER BY revision');
    this.hoursOf = db.prepare<[string, number, number], { hour: number; revision: number }>(
      'SELECT hour, revision FROM data_hours WHERE vessel = ? AND hour >= ? AND hour < ? ORDER BY hour');
    this.latest = db.prepare<[], { revision: number | null }>('SELECT max(revision) AS revision FROM data_writes');
    this.prune = db.prepare<[number]>('DELETE FROM data_writes WHERE written_at < ? AND revision < (SELECT max(revision) FROM data_writes)');
    this.recordTx = db.transaction((vessel: VesselId, from: number, to: number): number => {
      const revision = Number(this.insertWrite.run(vessel, from, to, this.now()).lastInsertRowid);
      for (let hour = hourOf(from); hour <= to; hour += HOUR_MS) this.touchHour.run(vessel, hour, revision);
      return revision;
    });
  }

  /** Notes a write of samples spanning [from, to] (inclusive times, ms); returns its revision. */
  record(vessel: VesselId, from: number, to: number): number {
    if (!(to >= from)) throw new RangeError(`a write spans from ${from} to ${to}`);
    const revision = this.recordTx.immediate(vessel, from, to);
    if (++this.recorded % 1000 === 0) this.prune.run(this.now() - WRITE_RETENTION_MS);
    return revision;
  }

  /** The newest revision, 0 before any write: where a new follower starts. */
  revision(): number {
    return this.latest.get()?.revision ?? 0;
  }

  /** Writes after `revision`, oldest first (those of the last day: a follower further behind must start over). */
  writesSince(revision: number): DataWrite[] {
    return this.writesAfter.all(revision).map((w) => ({ revision: w.revision, vessel: w.vessel as VesselId, from: w.t_from, to: w.t_to }));
  }

  /** The hours of a vessel in [from, to) that hold written data, each with the last revision that touched it. */
  hours(vessel: VesselId, from: number, to: number): HourRevision[] {
    return this.hoursOf.all(vessel, hourOf(from), to).map((h) => ({ vessel, hour: h.hour, revision: h.revision }));
  }
}

export function hourOf(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}
