import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Service } from '../../shared/lifecycle.ts';
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

/** The statements every refusal runs, prepared on the shore's state database. */
function prepareLetters(db: Database.Database) {
  return {
    db,
    insert: db.prepare<[number, string | null, string, string, string, string, number | null, Buffer | null, string | null]>(
      `INSERT INTO dead_letters (received, vessel, topic, reason, detail, item, seq, payload, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    trim: db.prepare<[number]>('DELETE FROM dead_letters WHERE id <= (SELECT max(id) FROM dead_letters) - ?'),
    byDigest: db.prepare<[string], { reason: RejectReason; detail: string }>('SELECT reason, detail FROM dead_letters WHERE digest = ? ORDER BY id LIMIT 1'),
    payloadBytes: db.prepare<[], { bytes: number }>('SELECT coalesce(sum(length(payload)), 0) AS bytes FROM dead_letters'),
    oldestPayloads: db.prepare<[], { id: number; bytes: number }>('SELECT id, length(payload) AS bytes FROM dead_letters WHERE payload IS NOT NULL ORDER BY id'),
    dropPayloadsUpTo: db.prepare<[number]>('UPDATE dead_letters SET payload = NULL WHERE payload IS NOT NULL AND id <= ?'),
  };
}

/**
 * Every refused payload, sample or value, with its reason, so nothing is silently lost and all can be replayed.
 * A batch refused whole keeps its payload byte for byte and its digest: a vessel sends an unacknowledged batch
 * again and again, and each copy is recognised instead of being kept once more. Constructing it opens nothing:
 * start() prepares its statements on the state database, which must be open by then, and stop() lets them go.
 */
export class DeadLetters implements Service {
  private opened: ReturnType<typeof prepareLetters> | undefined;
  private inserted = 0;
  private keptPayloadBytes = 0;

  /**
   * `keep` rows at most (the oldest go first); whole payloads up to `payloadBudget` bytes in all, beyond which the
   * oldest lose their payload but keep their row, reason and digest, so a copy is still recognised.
   */
  constructor(private readonly state: { readonly db: Database.Database }, private readonly keep = 100_000,
    private readonly payloadBudget = DEFAULT_PAYLOAD_BUDGET_BYTES) {}

  async start(): Promise<void> {
    this.opened = prepareLetters(this.state.db);
    this.keptPayloadBytes = this.opened.payloadBytes.get()!.bytes;
  }

  async stop(): Promise<void> {
    this.opened = undefined;
  }

  private get letters(): ReturnType<typeof prepareLetters> {
    if (!this.opened) throw new Error('the dead letters are not open');
    return this.opened;
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
    const known = this.letters.byDigest.get(digest);
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
    this.letters.insert.run(Date.now(), entry.vessel, entry.topic.slice(0, 256), entry.reason, entry.detail.slice(0, 2000), item, seq, payload, digest);
    if (payload) this.keptPayloadBytes += payload.length;
    if (++this.inserted % 1000 === 0) {
      this.letters.trim.run(this.keep);
      // The trimmed rows took their payloads with them.
      this.keptPayloadBytes = this.letters.payloadBytes.get()!.bytes;
    }
    if (this.keptPayloadBytes > this.payloadBudget) this.dropOldestPayloads();
  }

  private dropOldestPayloads(): void {
    let last = 0;
    for (const row of this.letters.oldestPayloads.iterate()) {
      if (this.keptPayloadBytes <= this.payloadBudget) break;
      this.keptPayloadBytes -= row.bytes;
      last = row.id;
    }
    this.letters.dropPayloadsUpTo.run(last);
  }

  /** The whole payload of a refused batch, as the vessel sent it: what a replay publishes again. */
  payload(id: number): Buffer | undefined {
    const row = this.letters.db.prepare('SELECT payload FROM dead_letters WHERE id = ?').get(id) as { payload: Buffer | null } | undefined;
    return row?.payload ?? undefined;
  }

  /**
   * A refused batch whose payload is still kept, for a replay; undefined for an unknown id, a sample or value
   * kept alone, or a batch whose payload went to keep within the budget.
   */
  keptBatch(id: number): KeptBatch | undefined {
    return this.letters.db.prepare(`SELECT id, vessel, topic, seq, payload, replayed_at AS replayedAt FROM dead_letters
      WHERE id = ? AND payload IS NOT NULL AND vessel IS NOT NULL`).get(id) as KeptBatch | undefined;
  }

  /** Notes that a replay stored the batch: it stays kept, so that the data-quality page shows what was done. */
  markReplayed(id: number, at: number): void {
    this.letters.db.prepare('UPDATE dead_letters SET replayed_at = ? WHERE id = ?').run(at, id);
  }

  /** How many refusals are kept, per vessel and reason: the data-quality page's table. */
  counts(): { vessel: string | null; reason: RejectReason; count: number; last: number }[] {
    return this.letters.db.prepare(`SELECT vessel, reason, count(*) AS count, max(received) AS last FROM dead_letters
      GROUP BY vessel, reason ORDER BY count DESC`).all() as { vessel: string | null; reason: RejectReason; count: number; last: number }[];
  }

  recent(limit = 100): DeadLetter[] {
    return this.letters.db.prepare(`SELECT ${COLUMNS} FROM dead_letters ORDER BY id DESC LIMIT ?`).all(limit) as DeadLetter[];
  }
}
