import Database from 'better-sqlite3';
import type { Service } from '../../shared/lifecycle.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import { decodeCompactBatch, encodeCompactBatch } from '../../shared/wire/compact-telemetry.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import type { TelemetryBatch, TelemetrySample } from '../../shared/wire/telemetry.ts';
import { thinToMinuteMeans } from './thinning.ts';

/** A batch as kept on board: compact (a Buffer) when every value could be quantised, the contract's JSON otherwise. */
export type StoredPayload = Buffer | string;

export interface SealedBatch {
  readonly seq: number;
  readonly payload: StoredPayload;
  readonly samples: number;
}

export interface QuotaOutcome {
  /** Samples replaced by minute means, and samples deleted, by this pass. */
  readonly thinned: number;
  readonly dropped: number;
  readonly bytes: number;
}

/** An event waiting for the link, as kept on board. */
export interface StoredEvent {
  readonly id: number;
  readonly event: VesselEvent;
}

/** Events kept on board while the link is down, at most: the oldest go first, counted (weeks offline, a fault loop). */
const MAX_STORED_EVENTS = 10_000;

/** Once over quota, thinning and dropping go on until the outbox is this far under it, so they do not run each pass. */
const QUOTA_TARGET = 0.9;

export function readStoredBatch(payload: StoredPayload): TelemetryBatch {
  return typeof payload === 'string' ? (JSON.parse(payload) as TelemetryBatch) : decodeCompactBatch(payload);
}

/** Opens the outbox's file: its schema, brought up to date, and the statements every sample and ack runs. */
function openOutboxFile(path: string) {
  const db = new Database(path);
  // Pages freed by thinning and acks go back to the file system, so the quota bounds the file, not just rows.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  // FULL: a committed sample survives a power cut, not only a process crash.
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
    INSERT OR IGNORE INTO meta (key, value) VALUES ('next_seq', 1), ('thinned_samples', 0), ('dropped_samples', 0), ('dropped_events', 0);
    CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, v TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS batches (
      seq INTEGER PRIMARY KEY, payload BLOB NOT NULL, samples INTEGER NOT NULL, created INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS batches_created ON batches (created);
    CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
  `);
  const columns = db.prepare("SELECT name FROM pragma_table_info('batches')").all() as { name: string }[];
  if (!columns.some((c) => c.name === 'thinned')) db.exec('ALTER TABLE batches ADD COLUMN thinned INTEGER NOT NULL DEFAULT 0');
  if (!columns.some((c) => c.name === 'sent')) db.exec('ALTER TABLE batches ADD COLUMN sent INTEGER NOT NULL DEFAULT 0');
  return {
    db,
    insertSample: db.prepare<[number, string]>('INSERT INTO samples (t, v) VALUES (?, ?)'),
    oldestPending: db.prepare<[number], { id: number; t: number; v: string }>('SELECT id, t, v FROM samples ORDER BY id LIMIT ?'),
    deletePendingUpTo: db.prepare<[number]>('DELETE FROM samples WHERE id <= ?'),
    insertBatch: db.prepare<[number, StoredPayload, number, number]>('INSERT INTO batches (seq, payload, samples, created) VALUES (?, ?, ?, ?)'),
    deleteBatch: db.prepare<[number]>('DELETE FROM batches WHERE seq = ?'),
    markSentRow: db.prepare<[number]>('UPDATE batches SET sent = 1 WHERE seq = ?'),
    getMeta: db.prepare<[string], { value: number }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, number]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
}

type OutboxFile = ReturnType<typeof openOutboxFile>;

/**
 * The on-board store of everything not yet confirmed by shore. A sample is committed here before anything
 * is sent, batches get their `seq` in the same transaction that moves their samples, and a batch leaves only
 * when shore acknowledges it: a power cut at any instant loses and duplicates nothing.
 *
 * With `compact` storage (the agent's choice when the link may use the compact encoding) sealed batches are
 * kept quantised to the registry's resolution: a day at 1 Hz is about a megabyte and a half instead of a
 * hundred and fifty, so a quota holds months of outage. Otherwise they are the contract's JSON, bit for bit.
 */
export class Outbox implements Service {
  private opened: OutboxFile | undefined;

  constructor(private readonly path: string, private readonly compact = false) {}

  async start(): Promise<void> {
    this.opened = openOutboxFile(this.path);
  }

  async stop(): Promise<void> {
    this.opened?.db.close();
    this.opened = undefined;
  }

  private get file(): OutboxFile {
    if (!this.opened) throw new Error(`the outbox ${this.path} is not open`);
    return this.opened;
  }

  private storeBatch(batch: TelemetryBatch): StoredPayload {
    return (this.compact ? encodeCompactBatch(batch) : undefined) ?? JSON.stringify(batch);
  }

  /** A persisted integer: `next_seq`, the thinning and dropping counters, what the shore was last seen to accept. */
  meta(key: string): number {
    return this.file.getMeta.get(key)?.value ?? 0;
  }

  setMetaValue(key: string, value: number): void {
    this.file.setMeta.run(key, value);
  }

  append(sample: TelemetrySample): void {
    this.file.insertSample.run(sample.t, JSON.stringify(sample.v));
  }

  pendingSamples(): number {
    return (this.file.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  }

  oldestPendingT(): number | undefined {
    return (this.file.db.prepare('SELECT min(t) AS t FROM samples').get() as { t: number | null }).t ?? undefined;
  }

  /** Moves up to `max` of the oldest pending samples into a new batch with the next `seq`. */
  seal(max: number, now = Date.now()): SealedBatch | undefined {
    const file = this.file;
    return file.db.transaction(() => {
      const rows = file.oldestPending.all(max);
      if (rows.length === 0) return undefined;
      const seq = this.meta('next_seq');
      const batch: TelemetryBatch = {
        seq,
        samples: rows.map((r) => ({ t: r.t, v: JSON.parse(r.v) as Record<SignalPath, number> })),
      };
      const payload = this.storeBatch(batch);
      file.insertBatch.run(seq, payload, rows.length, now);
      file.deletePendingUpTo.run(rows[rows.length - 1]!.id);
      file.setMeta.run('next_seq', seq + 1);
      return { seq, payload, samples: rows.length };
    })();
  }

  /** Batches waiting for shore's acknowledgement, oldest first. */
  unacked(limit = 1000): SealedBatch[] {
    return this.file.db.prepare('SELECT seq, payload, samples FROM batches ORDER BY seq LIMIT ?').all(limit) as SealedBatch[];
  }

  /** Unacknowledged batches sealed at or after `since` (wall ms): the live data, oldest first. */
  sealedSince(since: number, limit: number): SealedBatch[] {
    return this.file.db.prepare('SELECT seq, payload, samples FROM batches WHERE created >= ? ORDER BY seq LIMIT ?').all(since, limit) as SealedBatch[];
  }

  /**
   * Notes, before they are published, the batches that are about to leave: shore may store them whatever happens
   * to their ack, so from now on they are kept as they are (see `enforceQuota`).
   */
  markSent(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    this.file.db.transaction(() => {
      for (const seq of seqs) this.file.markSentRow.run(seq);
    })();
  }

  /**
   * Keeps an event (an alarm, a clock fault, a device status) until the broker has it: events have no
   * end-to-end ack, so the broker's PUBACK is what removes them (`removeEvent`). A power cut loses none.
   */
  storeEvent(event: VesselEvent): void {
    this.file.db.transaction(() => {
      this.file.db.prepare('INSERT INTO events (body) VALUES (?)').run(JSON.stringify(event));
      const excess = this.file.db.prepare('DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?').run(MAX_STORED_EVENTS).changes;
      if (excess > 0) this.file.setMeta.run('dropped_events', this.meta('dropped_events') + excess);
    })();
  }

  /** Events not yet taken by the broker, oldest first. */
  storedEvents(limit = 100): StoredEvent[] {
    return (this.file.db.prepare('SELECT id, body FROM events ORDER BY id LIMIT ?').all(limit) as { id: number; body: string }[])
      .map(({ id, body }) => ({ id, event: JSON.parse(body) as VesselEvent }));
  }

  removeEvent(id: number): void {
    this.file.db.prepare('DELETE FROM events WHERE id = ?').run(id);
  }

  /** Forgets batches shore has durably stored; unknown seqs (already acked) are ignored. */
  acknowledge(seqs: readonly number[]): number {
    let removed = 0;
    this.file.db.transaction(() => {
      for (const seq of seqs) removed += this.file.deleteBatch.run(seq).changes;
    })();
    return removed;
  }

  /** Samples on board not yet confirmed by shore. */
  backlog(): number {
    const row = this.file.db.prepare('SELECT (SELECT count(*) FROM samples) + (SELECT coalesce(sum(samples), 0) FROM batches) AS n').get() as { n: number };
    return row.n;
  }

  /** Bytes of telemetry held on board (what the quota counts). */
  storedBytes(): number {
    const row = this.file.db.prepare(
      'SELECT (SELECT coalesce(sum(length(v)), 0) FROM samples) + (SELECT coalesce(sum(length(payload)), 0) FROM batches) AS n',
    ).get() as { n: number };
    return row.n;
  }

  /**
   * Keeps the outbox under `quotaBytes` by the explicit policy: first the oldest batches are thinned to
   * 1-minute means, then, when every batch is thinned and it is still too much, the oldest are dropped. Both
   * are counted, persistently. Only batches never sent are thinned: shore may already hold a sent one whose ack
   * has not come back, and its means, stamped at each minute's start, would then overwrite a raw value there
   * (and count as thinned what shore has in full). Dropping, the last resort, takes sent batches too: shore
   * either has them or has nothing of them.
   */
  enforceQuota(quotaBytes: number): QuotaOutcome {
    let bytes = this.storedBytes();
    if (bytes <= quotaBytes) return { thinned: 0, dropped: 0, bytes };
    const target = quotaBytes * QUOTA_TARGET;
    let thinned = 0;
    let dropped = 0;
    const oldestUnthinned = this.file.db.prepare('SELECT seq, payload, samples, created FROM batches WHERE thinned = 0 AND sent = 0 ORDER BY seq LIMIT 60');
    const insertThinned = this.file.db.prepare('INSERT INTO batches (seq, payload, samples, created, thinned) VALUES (?, ?, ?, ?, 1)');
    while (bytes > target) {
      const rows = oldestUnthinned.all() as (SealedBatch & { created: number })[];
      if (rows.length === 0) break;
      this.file.db.transaction(() => {
        // Up to an hour of batches become one: the means of a single batch would still pay for every path name.
        // The merged batch takes a fresh seq, so shore never mistakes it for one of the batches it replaces.
        const seq = this.meta('next_seq');
        const samples = rows.flatMap((row) => readStoredBatch(row.payload).samples);
        const thin: TelemetryBatch = { seq, samples: thinToMinuteMeans(samples) };
        const payload = this.storeBatch(thin);
        for (const row of rows) {
          this.file.deleteBatch.run(row.seq);
          bytes -= Buffer.byteLength(row.payload);
        }
        insertThinned.run(seq, payload, thin.samples.length, rows[0]!.created);
        this.file.setMeta.run('next_seq', seq + 1);
        bytes += Buffer.byteLength(payload);
        thinned += samples.length - thin.samples.length;
      })();
    }
    const oldest = this.file.db.prepare('SELECT seq, length(payload) AS size, samples FROM batches ORDER BY seq LIMIT 64');
    while (bytes > target) {
      const rows = oldest.all() as { seq: number; size: number; samples: number }[];
      if (rows.length === 0) break;
      this.file.db.transaction(() => {
        for (const row of rows) {
          this.file.deleteBatch.run(row.seq);
          dropped += row.samples;
          bytes -= row.size;
          if (bytes <= target) break;
        }
      })();
    }
    this.file.db.transaction(() => {
      this.file.setMeta.run('thinned_samples', this.meta('thinned_samples') + thinned);
      this.file.setMeta.run('dropped_samples', this.meta('dropped_samples') + dropped);
    })();
    this.file.db.pragma('incremental_vacuum');
    return { thinned, dropped, bytes };
  }

}
