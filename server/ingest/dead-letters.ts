import { createHash } from 'node:crypto';
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
  /** The batch's seq, when a whole batch was refused and its seq could be read. */
  seq: number | null;
  /** Bytes of the whole payload kept (`payload(id)`), for a refused batch; null for a sample or a value. */
  payloadBytes: number | null;
  /** When a replay last stored the kept payload (`markReplayed`); null until then. */
  replayedAt: number | null;
}

/** What a replay needs of a refused batch: whose it was, where it came in, and the payload kept whole. */
export interface KeptBatch {
  id: number;
  vessel: string;
  topic: string;
  seq: number | null;
  payload: Buffer;
  replayedAt: number | null;
}

/** What a refused batch was refused for: the same answer for every copy of it. */
export interface BatchRefusal {
  reason: RejectReason;
  detail: string;
  /** False for a copy of a payload already kept: it was not kept again. */
  first: boolean;
}

const MAX_ITEM_CHARS = 64 * 1024;
/** A refused batch is kept whole up to this size (the embedded broker takes nothing much bigger than a batch). */
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/** Whole payloads kept, all together: a hostile or broken vessel must not fill the shore's disk with them. */
const DEFAULT_PAYLOAD_BUDGET_BYTES = 256 * 1024 * 1024;
const COLUMNS = 'id, received, vessel, topic, reason, detail, item, seq, length(payload) AS payloadBytes, replayed_at AS replayedAt';

/**
 * Every refused payload, sample or value, with its reason, so nothing is silently lost and all can be replayed.
 * A batch refused whole keeps its payload byte for byte and its digest: a vessel sends an unacknowledged batch
 * again and again, and each copy is recognised instead of being kept once more.
 */
export class DeadLetters {
  private readonly insert: Database.Statement<[number, string | null, string, string, string, string, number | null, Buffer | null, string | null]>;
  private readonly trim: Database.Statement<[number]>;
  private readonly byDigest: Database.Statement<[string], { reason: RejectReason; detail: string }>;
  private readonly payloadBytes: Database.Statement<[], { bytes: number }>;
  private readonly oldestPayloads: Database.Statement<[], { id: number; bytes: number }>;
  private readonly dropPayloadsUpTo: Database.Statement<[number]>;
  private inserted = 0;
  private keptPayloadBytes: number;

  /**
   * `keep` rows at most (the oldest go first); whole payloads up to `payloadBudget` bytes in all, beyond which the
   * oldest lose their payload but keep their row, reason and digest, so a copy is still recognised.
   */
  constructor(private readonly db: Database.Database, private readonly keep = 100_000,
    private readonly payloadBudget = DEFAULT_PAYLOAD_BUDGET_BYTES) {
    this.insert = db.prepare(`INSERT INTO dead_letters (received, vessel, topic, reason, detail, item, seq, payload, digest)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.trim = db.prepare('DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - ?');
    this.byDigest = db.prepare('SELECT reason, detail FROM dead_letters WHERE digest = ? ORDER BY id LIMIT 1');
    this.payloadBytes = db.prepare('SELECT coalesce(sum(length(payload)), 0) AS bytes FROM dead_letters');
    this.oldestPayloads = db.prepare('SELECT id, length(payload) AS bytes FROM dead_letters WHERE payload IS NOT NULL ORDER BY id');
    this.dropPayloadsUpTo = db.prepare('UPDATE dead_letters SET payload = NULL WHERE payload IS NOT NULL AND id <= ?');
    this.keptPayloadBytes = this.payloadBytes.get()!.bytes;
  }

  /** Keeps a refused sample or value (or a payload too big to keep whole) with its reason. */
  add(entry: { vessel: string | null; topic: string; reason: RejectReason; detail: string; item: unknown }): void {
    this.keepEntry(entry, null, null, null);
  }

  /**
   * Keeps a batch refused whole, payload and reason, unless this very payload from this vessel is kept already:
   * then it answers what the first copy was refused for.
   */
  refuseBatch(entry: { vessel: string; topic: string; seq: number | undefined; reason: RejectReason; detail: string; item: unknown; payload: Buffer }): BatchRefusal {
    const digest = createHash('sha256').update(entry.vessel).update('\0').update(entry.payload).digest('hex');
    const known = this.byDigest.get(digest);
    if (known) return { ...known, first: false };
    const whole = entry.payload.length <= MAX_PAYLOAD_BYTES ? entry.payload : null;
    this.keepEntry(entry, entry.seq ?? null, whole, digest);
    return { reason: entry.reason, detail: entry.detail, first: true };
  }

  private keepEntry(entry: { vessel: string | null; topic: string; reason: RejectReason; detail: string; item: unknown },
    seq: number | null, payload: Buffer | null, digest: string | null): void {
    let item: string;
    try {
      item = typeof entry.item === 'string' ? entry.item : JSON.stringify(entry.item) ?? 'null';
    } catch (err) {
      // A value nested deeper than the stack (hostile input) cannot be serialised: keep the reason, never throw.
      item = `[not serialisable: ${(err as Error).message}]`;
    }
    if (item.length > MAX_ITEM_CHARS) item = `${item.slice(0, MAX_ITEM_CHARS)}…[truncated]`;
    this.insert.run(Date.now(), entry.vessel, entry.topic.slice(0, 256), entry.reason, entry.detail.slice(0, 2000), item, seq, payload, digest);
    if (payload) this.keptPayloadBytes += payload.length;
    if (++this.inserted % 1000 === 0) {
      this.trim.run(this.keep);
      // The trimmed rows took their payloads with them.
      this.keptPayloadBytes = this.payloadBytes.get()!.bytes;
    }
    if (this.keptPayloadBytes > this.payloadBudget) this.dropOldestPayloads();
  }

  private dropOldestPayloads(): void {
    let last = 0;
    for (const row of this.oldestPayloads.iterate()) {
      if (this.keptPayloadBytes <= this.payloadBudget) break;
      this.keptPayloadBytes -= row.bytes;
      last = row.id;
    }
    this.dropPayloadsUpTo.run(last);
  }

  /** The whole payload of a refused batch, as the vessel sent it: what a replay publishes again. */
  payload(id: number): Buffer | undefined {
    const row = this.db.prepare('SELECT payload FROM dead_letters WHERE id = ?').get(id) as { payload: Buffer | null } | undefined;
    return row?.payload ?? undefined;
  }

  /**
   * A refused batch whose payload is still kept, for a replay; undefined for an unknown id, a sample or value
   * kept alone, or a batch whose payload went to keep within the budget.
   */
  keptBatch(id: number): KeptBatch | undefined {
    return this.db.prepare(`SELECT id, vessel, topic, seq, payload, replayed_at AS replayedAt FROM dead_letters
      WHERE id = ? AND payload IS NOT NULL AND vessel IS NOT NULL`).get(id) as KeptBatch | undefined;
  }

  /** Notes that a replay stored the batch: it stays kept, so that the data-quality page shows what was done. */
  markReplayed(id: number, at: number): void {
    this.db.prepare('UPDATE dead_letters SET replayed_at = ? WHERE id = ?').run(at, id);
  }

  /** How many refusals are kept, per vessel and reason: the data-quality page's table. */
  counts(): { vessel: string | null; reason: RejectReason; count: number; last: number }[] {
    return this.db.prepare(`SELECT vessel, reason, count(*) AS count, max(received) AS last FROM dead_letters
      GROUP BY vessel, reason ORDER BY count DESC`).all() as { vessel: string | null; reason: RejectReason; count: number; last: number }[];
  }

  recent(limit = 100): DeadLetter[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM dead_letters ORDER BY id DESC LIMIT ?`).all(limit) as DeadLetter[];
  }
}
