import type Database from 'better-sqlite3';
import { asAlarmEvent, type AlarmEventKind, type KnownVesselEvent } from '../../shared/events.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';

export interface LoggedEvent extends VesselEvent {
  readonly id: number;
  readonly vessel: VesselId;
  /** Wall time shore received it. */
  readonly received: number;
}

/** An alarm event logged, its detail checked as an alarm's. */
export type LoggedAlarmEvent = LoggedEvent & KnownVesselEvent<AlarmEventKind>;

interface Row { id: number; vessel: string; t: number; kind: string; detail: string; received: number }

const NOT_OPEN = 'the event log is not open';

/** The statements the event log runs, prepared on the shore's state database. */
function prepareEvents(db: Database.Database) {
  return {
    insert: db.prepare<[string, number, string, string, number]>(
      'INSERT OR IGNORE INTO vessel_events (vessel, t, kind, detail, received) VALUES (?, ?, ?, ?, ?)'),
    range: db.prepare<[{ vessel: string | null; from: number; to: number; kind: string | null; limit: number }], Row>(
      `SELECT * FROM vessel_events WHERE (@vessel IS NULL OR vessel = @vessel) AND t >= @from AND t < @to
       AND (@kind IS NULL OR substr(kind, 1, length(@kind)) = @kind) ORDER BY t DESC, id DESC LIMIT @limit`),
    trim: db.prepare<[number]>('DELETE FROM vessel_events WHERE id <= (SELECT max(id) FROM vessel_events) - ?'),
    alarms: db.prepare<[], Row>(`SELECT * FROM vessel_events WHERE kind LIKE 'alarm.%' ORDER BY t, id`),
  };
}

/**
 * Alarm and trip events from the edge, kept in the state database so their history outlives a restart.
 * Constructing it opens nothing: start() prepares its statements on the state database, which must be open by
 * then, and reads each alarm's last event; stop() lets them go.
 */
export class EventLog implements Service {
  private opened: ReturnType<typeof prepareEvents> | undefined;
  /** Last alarm event per vessel and alarm id: kept in memory, since the fleet overview asks for it every few seconds. */
  private readonly lastAlarmEvent = new Map<string, LoggedAlarmEvent>();
  private inserted = 0;

  constructor(private readonly state: { readonly db: Database.Database }, private readonly keep = 1_000_000) {}

  async start(): Promise<void> {
    this.opened = prepareEvents(this.state.db);
    for (const row of this.opened.alarms.iterate()) this.track(fromRow(row));
  }

  async stop(): Promise<void> {
    this.opened = undefined;
    this.lastAlarmEvent.clear();
  }

  private get statements(): ReturnType<typeof prepareEvents> {
    if (!this.opened) throw new Error(NOT_OPEN);
    return this.opened;
  }

  /**
   * Logs an event, or returns undefined for one already logged: the edge sends each event at least once (it keeps it
   * until the broker's PUBACK), so a link lost before that PUBACK brings the same event again.
   */
  add(vessel: VesselId, event: VesselEvent, received = Date.now()): LoggedEvent | undefined {
    const { changes, lastInsertRowid } = this.statements.insert.run(vessel, event.t, event.kind, JSON.stringify(event.detail), received);
    if (changes === 0) return undefined;
    if (++this.inserted % 10_000 === 0) this.statements.trim.run(this.keep);
    const logged: LoggedEvent = { ...event, id: Number(lastInsertRowid), vessel, received };
    this.track(logged);
    return logged;
  }

  /**
   * The edge raises, acknowledges and clears each alarm by its id, so the last event for an id is its state;
   * events arriving late (a backlog) never overwrite a newer one.
   */
  private track(e: LoggedEvent): void {
    const alarm = asAlarmEvent(e);
    if (!alarm) return;
    const key = `${alarm.vessel}\u0000${alarm.detail.id}`;
    const known = this.lastAlarmEvent.get(key);
    if (!known || known.t <= alarm.t) this.lastAlarmEvent.set(key, alarm);
  }

  /** Newest first. `kind` matches as a prefix (`alarm.` for every alarm event). */
  find(q: { vessel?: VesselId; from: number; to: number; kind?: string; limit: number }): LoggedEvent[] {
    return this.statements.range.all({ vessel: q.vessel ?? null, from: q.from, to: q.to, kind: q.kind ?? null, limit: q.limit }).map(fromRow);
  }

  /** Alarms raised and not yet cleared (active or acknowledged), newest first. */
  openAlarms(vessel?: VesselId): LoggedAlarmEvent[] {
    if (!this.opened) throw new Error(NOT_OPEN);
    return [...this.lastAlarmEvent.values()]
      .filter((e) => e.kind !== 'alarm.cleared' && (vessel === undefined || e.vessel === vessel))
      .sort((a, b) => b.t - a.t);
  }
}

function fromRow(r: Row): LoggedEvent {
  return { id: r.id, vessel: r.vessel as VesselId, t: r.t, kind: r.kind, detail: JSON.parse(r.detail) as Record<string, unknown>, received: r.received };
}
