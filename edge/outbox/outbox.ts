import Database from 'better-sqlite3';
import type { SignalPath } from '../../shared/registry/index.ts';
import type { TelemetryBatch, TelemetrySample } from '../../shared/wire/telemetry.ts';

export interface SealedBatch {
  readonly seq: number;
  readonly payload: string;
  readonly samples: number;
}

/**
 * The on-board store of everything not yet confirmed by shore. A sample is committed here before anything
 * is sent, batches get their `seq` in the same transaction that moves their samples, and a batch leaves only
 * when shore acknowledges it: a power cut at any instant loses and duplicates nothing.
 */
export class Outbox {
  private readonly db: Database.Database;
  private readonly insertSample: Database.Statement<[number, string]>;
  private readonly oldestPending: Database.Statement<[number], { id: number; t: number; v: string }>;
  private readonly deletePendingUpTo: Database.Statement<[number]>;
  private readonly insertBatch: Database.Statement<[number, string, number, number]>;
  private readonly deleteBatch: Database.Statement<[number]>;
  private readonly nextSeqRow: Database.Statement<[], { value: number }>;
  private readonly setNextSeq: Database.Statement<[number]>;
  private readonly sealTx: (max: number, now: number) => SealedBatch | undefined;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a committed sample survives a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT OR IGNORE INTO meta (key, value) VALUES ('next_seq', 1);
      CREATE TABLE IF NOT EXISTS samples (id INTEGER PRIMARY KEY, t INTEGER NOT NULL, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS batches (
        seq INTEGER PRIMARY KEY, payload TEXT NOT NULL, samples INTEGER NOT NULL, created INTEGER NOT NULL);
    `);
    this.insertSample = this.db.prepare('INSERT INTO samples (t, v) VALUES (?, ?)');
    this.oldestPending = this.db.prepare('SELECT id, t, v FROM samples ORDER BY id LIMIT ?');
    this.deletePendingUpTo = this.db.prepare('DELETE FROM samples WHERE id <= ?');
    this.insertBatch = this.db.prepare('INSERT INTO batches (seq, payload, samples, created) VALUES (?, ?, ?, ?)');
    this.deleteBatch = this.db.prepare('DELETE FROM batches WHERE seq = ?');
    this.nextSeqRow = this.db.prepare("SELECT value FROM meta WHERE key = 'next_seq'");
    this.setNextSeq = this.db.prepare("UPDATE meta SET value = ? WHERE key = 'next_seq'");
    this.sealTx = this.db.transaction((max: number, now: number) => {
      const rows = this.oldestPending.all(max);
      if (rows.length === 0) return undefined;
      const seq = this.nextSeqRow.get()!.value;
      const batch: TelemetryBatch = {
        seq,
        samples: rows.map((r) => ({ t: r.t, v: JSON.parse(r.v) as Record<SignalPath, number> })),
      };
      const payload = JSON.stringify(batch);
      this.insertBatch.run(seq, payload, rows.length, now);
      this.deletePendingUpTo.run(rows[rows.length - 1]!.id);
      this.setNextSeq.run(seq + 1);
      return { seq, payload, samples: rows.length };
    });
  }

  append(sample: TelemetrySample): void {
    this.insertSample.run(sample.t, JSON.stringify(sample.v));
  }

  pendingSamples(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM samples').get() as { n: number }).n;
  }

  oldestPendingT(): number | undefined {
    return (this.db.prepare('SELECT min(t) AS t FROM samples').get() as { t: number | null }).t ?? undefined;
  }

  /** Moves up to `max` of the oldest pending samples into a new batch with the next `seq`. */
  seal(max: number, now = Date.now()): SealedBatch | undefined {
    return this.sealTx(max, now);
  }

  /** Batches waiting for shore's acknowledgement, oldest first. */
  unacked(limit = 1000): SealedBatch[] {
    return this.db.prepare('SELECT seq, payload, samples FROM batches ORDER BY seq LIMIT ?').all(limit) as SealedBatch[];
  }

  /** Forgets batches shore has durably stored; unknown seqs (already acked) are ignored. */
  acknowledge(seqs: readonly number[]): number {
    let removed = 0;
    this.db.transaction(() => {
      for (const seq of seqs) removed += this.deleteBatch.run(seq).changes;
    })();
    return removed;
  }

  /** Samples on board not yet confirmed by shore. */
  backlog(): number {
    const row = this.db.prepare('SELECT (SELECT count(*) FROM samples) + (SELECT coalesce(sum(samples), 0) FROM batches) AS n').get() as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}
