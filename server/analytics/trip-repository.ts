import type Database from 'better-sqlite3';
import type { TripRecord, TripSavings } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';

export interface StoredTrip {
  id: string;
  vessel: VesselId;
  start: number;
  end: number;
  status: TripRecord['status'];
  metier: string | null;
  record: TripRecord;
  savings: TripSavings | null;
  updatedAt: number;
}

/** Trips and their figures in the shore's state database: one row per trip, rewritten while it is under way. */
export class TripRepository {
  private readonly upsertStmt;
  private readonly byId;
  private readonly byVessel;
  private readonly openFrom;
  private readonly deleteFrom;
  private readonly search;
  private readonly readFollowed;
  private readonly writeFollowed;

  constructor(db: Database.Database) {
    this.readFollowed = db.prepare<[], { revision: number }>('SELECT revision FROM analytics_progress WHERE id = 1');
    this.writeFollowed = db.prepare<[number]>(
      'INSERT INTO analytics_progress (id, revision) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision');
    this.upsertStmt = db.prepare(`INSERT INTO analytics_trips (id, vessel, start, "end", status, metier, record, savings, updated_at)
      VALUES (@id, @vessel, @start, @end, @status, @metier, @record, @savings, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET "end" = excluded."end", status = excluded.status, metier = excluded.metier,
        record = excluded.record, savings = excluded.savings, updated_at = excluded.updated_at`);
    this.byId = db.prepare<[string], Row>('SELECT * FROM analytics_trips WHERE id = ?');
    this.byVessel = db.prepare<[string], Row>('SELECT * FROM analytics_trips WHERE vessel = ? ORDER BY start');
    this.openFrom = db.prepare<[string], { start: number }>(
      `SELECT min(start) AS start FROM analytics_trips WHERE vessel = ? AND status != 'closed'`);
    this.deleteFrom = db.prepare<[string, number]>('DELETE FROM analytics_trips WHERE vessel = ? AND start >= ?');
    this.search = db.prepare<[{ vessel: string | null; metier: string | null; from: number; to: number }], Row>(
      `SELECT * FROM analytics_trips WHERE (@vessel IS NULL OR vessel = @vessel) AND (@metier IS NULL OR metier = @metier)
       AND start >= @from AND start < @to ORDER BY start`);
  }

  static idOf(vessel: VesselId, start: number): string {
    return `${vessel}-${start}`;
  }

  save(vessel: VesselId, record: TripRecord, savings: TripSavings | null, now: number): void {
    this.upsertStmt.run({
      id: TripRepository.idOf(vessel, record.start), vessel, start: record.start, end: record.end, status: record.status,
      metier: savings?.metier ?? null, record: JSON.stringify(record), savings: savings ? JSON.stringify(savings) : null, updatedAt: now,
    });
  }

  get(id: string): StoredTrip | undefined {
    const row = this.byId.get(id);
    return row && fromRow(row);
  }

  forVessel(vessel: VesselId): StoredTrip[] {
    return this.byVessel.all(vessel).map(fromRow);
  }

  find(q: { vessel?: VesselId; metier?: string; from: number; to: number }): StoredTrip[] {
    return this.search.all({ vessel: q.vessel ?? null, metier: q.metier ?? null, from: q.from, to: q.to }).map(fromRow);
  }

  /** Where a restarted analysis must resume: the start of the oldest trip not yet closed. */
  resumeFrom(vessel: VesselId): number | undefined {
    return this.openFrom.get(vessel)?.start ?? undefined;
  }

  /** The data change log's revision up to which the stored trips follow the data; undefined before the first pass. */
  revisionFollowed(): number | undefined {
    return this.readFollowed.get()?.revision;
  }

  noteRevisionFollowed(revision: number): void {
    this.writeFollowed.run(revision);
  }

  /** Drops the trips from `start` on, before they are computed again. */
  deleteSince(vessel: VesselId, start: number): void {
    this.deleteFrom.run(vessel, start);
  }
}

interface Row { id: string; vessel: string; start: number; end: number; status: string; metier: string | null; record: string; savings: string | null; updated_at: number }

function fromRow(r: Row): StoredTrip {
  return {
    id: r.id, vessel: r.vessel as VesselId, start: r.start, end: r.end, status: r.status as TripRecord['status'], metier: r.metier,
    record: JSON.parse(r.record) as TripRecord, savings: r.savings ? (JSON.parse(r.savings) as TripSavings) : null, updatedAt: r.updated_at,
  };
}
