import type Database from 'better-sqlite3';
import type { RejectReason } from '../../shared/wire/telemetry.ts';

export interface DeadLetter {
  id: number;
  received: number;
  vessel: string | null;
  topic: string;
  reason: RejectReason;
  detail: string;
  item: string;
}

const MAX_ITEM_CHARS = 64 * 1024;

/** Every refused payload, sample or value, with its reason, so nothing is silently lost and all can be replayed. */
export class DeadLetters {
  private readonly insert: Database.Statement<[number, string | null, string, string, string, string]>;
  private readonly trim: Database.Statement<[number]>;
  private inserted = 0;

  constructor(private readonly db: Database.Database, private readonly keep = 100_000) {
    db.exec(`CREATE TABLE IF NOT EXISTS dead_letters (
      id INTEGER PRIMARY KEY, received INTEGER NOT NULL, vessel TEXT, topic TEXT NOT NULL,
      reason TEXT NOT NULL, detail TEXT NOT NULL, item TEXT NOT NULL)`);
    this.insert = db.prepare(
      'INSERT INTO dead_letters (received, vessel, topic, reason, detail, item) VALUES (?, ?, ?, ?, ?, ?)');
    this.trim = db.prepare('DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - ?');
  }

  add(entry: { vessel: string | null; topic: string; reason: RejectReason; detail: string; item: unknown }): void {
    let item: string;
    try {
      item = typeof entry.item === 'string' ? entry.item : JSON.stringify(entry.item) ?? 'null';
    } catch (err) {
      // A value nested deeper than the stack (hostile input) cannot be serialised: keep the reason, never throw.
      item = `[not serialisable: ${(err as Error).message}]`;
    }
    if (item.length > MAX_ITEM_CHARS) item = `${item.slice(0, MAX_ITEM_CHARS)}…[truncated]`;
    this.insert.run(Date.now(), entry.vessel, entry.topic.slice(0, 256), entry.reason, entry.detail.slice(0, 2000), item);
    if (++this.inserted % 1000 === 0) this.trim.run(this.keep);
  }

  /** How many refusals are kept, per vessel and reason: the data-quality page's table. */
  counts(): { vessel: string | null; reason: RejectReason; count: number; last: number }[] {
    return this.db.prepare(`SELECT vessel, reason, count(*) AS count, max(received) AS last FROM dead_letters
      GROUP BY vessel, reason ORDER BY count DESC`).all() as { vessel: string | null; reason: RejectReason; count: number; last: number }[];
  }

  recent(limit = 100): DeadLetter[] {
    return this.db.prepare('SELECT * FROM dead_letters ORDER BY id DESC LIMIT ?').all(limit) as DeadLetter[];
  }
}
