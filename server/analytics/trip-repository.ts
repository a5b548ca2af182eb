import type Database from 'better-sqlite3';
import type { TripRecord, TripSavings } from '../../shared/savings/index.ts';
import type { Service } from '../../shared/lifecycle.ts';
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

function prepareTrips(db: Database.Database) {
  return {
    readFollowed: db.prepare<[], { revision: number }>('SELECT revision FROM analytics_progress WHERE id = 1'),
    writeFollowed: db.prepare<[number]>(
      'INSERT INTO analytics_progress (id, revision) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET revision = excluded.revision'),
    upsert: db.prepare(`INSERT INTO analytics_trips (id, vessel, start, "end", status, metier, record, savings, updated_at)
      VALUES (@id, @vessel, @start, @end, @status, @metier, @record, @savings, @updatedAt)
      ON CONFLICT (id) DO UPDATE SET "end" = excluded."end", status = excluded.status, metier = excluded.metier,
        record = excluded.record, savings = excluded.savings, updated_at = excluded.updated_at`),
    byId: db.prepare<[string], Row>('SELECT * FROM analytics_trips WHERE id = ?'),
    byVessel: db.prepare<[string], Row>('SELECT * FROM analytics_trips WHERE vessel = ? ORDER BY start'),
    openFrom: db.prepare<[string], { start: number }>(
      `SELECT min(start) AS start FROM analytics_trips WHERE vessel = ? AND status != 'closed'`),
    deleteFrom: db.prepare<[string, number]>('DELETE FROM analytics_trips WHERE vessel = ? AND start >= ?'),
    search: db.prepare<[{ vessel: string | null; metier: string | null; from: number; to: number }], Row>(
      `SELECT * FROM analytics_trips WHERE (@vessel IS NULL OR vessel = @vessel) AND (@metier IS NULL OR metier = @metier)
       AND start >= @from AND start < @to ORDER BY start`),
  };
}

/**
 * Trips and their figures in the shore's state database: one row per trip, rewritten while it is under way.
 * Constructing it opens nothing: start() prepares its statements on the state database, which must be open by
 * then, and stop() lets them go.
 */
export class TripRepository implements Service {
  private opened: ReturnType<typeof prepareTrips> | undefined;

  constructor(private readonly state: { readonly db: Database.Database }) {}

  async start(): Promise<void> {
    this.opened = prepareTrips(this.state.db);
  }

  async stop(): Promise<void> {
    this.opened = undefined;
  }

  private get q(): ReturnType<typeof prepareTrips> {
    if (!this.opened) throw new Error('the trip repository is not open');
    return this.opened;
  }

  static idOf(vessel: VesselId, start: number): string {
    return `${vessel}-${start}`;
  }

  /** `metier`: the savings' by default; a control vessel's trip, which has no savings, gives its own. */
  save(vessel: VesselId, record: TripRecord, savings: TripSavings | null, now: number, metier: string | null = savings?.metier ?? null): void {
    this.q.upsert.run({
      id: TripRepository.idOf(vessel, record.start), vessel, start: record.start, end: record.end, status: record.status,
      metier, record: JSON.stringify(record), savings: savings ? JSON.stringify(savings) : null, updatedAt: now,
    });
  }

  get(id: string): StoredTrip | undefined {
    const row = this.q.byId.get(id);
    return row && fromRow(row);
  }

  forVessel(vessel: VesselId): StoredTrip[] {
    return this.q.byVessel.all(vessel).map(fromRow);
  }

  find(q: { vessel?: VesselId; metier?: string; from: number; to: number }): StoredTrip[] {
    return this.q.search.all({ vessel: q.vessel ?? null, metier: q.metier ?? null, from: q.from, to: q.to }).map(fromRow);
  }

  /** Where a restarted analysis must resume: the start of the oldest trip not yet closed. */
  resumeFrom(vessel: VesselId): number | undefined {
    return this.q.openFrom.get(vessel)?.start ?? undefined;
  }

  /** The data change log's revision up to which the stored trips follow the data; undefined before the first pass. */
  revisionFollowed(): number | undefined {
    return this.q.readFollowed.get()?.revision;
  }

  noteRevisionFollowed(revision: number): void {
    this.q.writeFollowed.run(revision);
  }

  /** Drops the trips from `start` on, before they are computed again. */
  deleteSince(vessel: VesselId, start: number): void {
    this.q.deleteFrom.run(vessel, start);
  }
}

interface Row { id: string; vessel: string; start: number; end: number; status: string; metier: string | null; record: string; savings: string | null; updated_at: number }

function fromRow(r: Row): StoredTrip {
  return {
    id: r.id, vessel: r.vessel as VesselId, start: r.start, end: r.end, status: r.status as TripRecord['status'], metier: r.metier,
    record: JSON.parse(r.record) as TripRecord, savings: r.savings ? (JSON.parse(r.savings) as TripSavings) : null, updatedAt: r.updated_at,
  };
}
