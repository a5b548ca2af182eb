import type Database from 'better-sqlite3';
import type { VesselId } from '../../shared/wire/ids.ts';
import { addSum, emptyDigest, HOUR_MS, type HourDigest, type SampleDigest } from './sample-digest.ts';

/**
 * A write claims its hours before its data is stored and settles them once it is: a claim neither settled nor
 * abandoned after this long is a writer that died (a store write never takes this long), and its hours are then
 * read again rather than trusted.
 */
export const DEFAULT_STALE_CLAIM_MS = 10 * 60_000;

/** What the index says of one hour of a vessel: its digest, or that it must be read (and may then be kept). */
export type HourState =
  | { readonly hour: number; readonly known: true; readonly digest: SampleDigest }
  | { readonly hour: number; readonly known: false; readonly generation: number };

interface Row {
  hour: number; sum: Buffer; samples: number; value_count: number; t_min: number | null; t_max: number | null;
  pending: number; dirty: number; generation: number; claimed_at: number;
}

/**
 * Per-vessel, per-hour digests of the stored telemetry (sample-digest.ts), kept up to date as data is stored: a
 * write whose samples all lie before or after those the hour already holds only adds new instants, so its own
 * digest is added to the hour's; any other write (a re-sent batch, a correction, a late sample between others)
 * may replace values, so the hour is marked to be read again, once, by the next report. Hours of data written
 * before the index existed are read once too. Rows live in the shore's state database, shared by every process
 * that writes or reports.
 */
export class HourDigestIndex {
  private readonly getRows;
  private readonly getRow;
  private readonly insertClaim;
  private readonly updateClaim;
  private readonly settleRow;
  private readonly abandonRow;
  private readonly keepRow;
  private readonly insertKept;
  private readonly expireClaim;
  private readonly getLegacy;
  private readonly setLegacy;
  private readonly claimTx;
  private readonly settleTx;
  private readonly staleClaimMs: number;
  private readonly now: () => number;

  constructor(db: Database.Database, options: { staleClaimMs?: number; now?: () => number } = {}) {
    this.staleClaimMs = options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
    this.now = options.now ?? Date.now;
    const columns = 'hour, sum, samples, value_count, t_min, t_max, pending, dirty, generation, claimed_at';
    this.getRows = db.prepare<[string, number, number], Row>(`SELECT ${columns} FROM report_hour_digests WHERE vessel = ? AND hour >= ? AND hour < ? ORDER BY hour`);
    this.getRow = db.prepare<[string, number], Row>(`SELECT ${columns} FROM report_hour_digests WHERE vessel = ? AND hour = ?`);
    this.insertClaim = db.prepare<[string, number, number, number, number, number]>(
      `INSERT INTO report_hour_digests (vessel, hour, sum, samples, value_count, t_min, t_max, pending, dirty, generation, claimed_at)
       VALUES (?, ?, zeroblob(32), 0, 0, ?, ?, 1, ?, 1, ?)`);
    this.updateClaim = db.prepare<[number, number, number, number, number, number, string, number]>(
      `UPDATE report_hour_digests SET t_min = min(coalesce(t_min, ?), ?), t_max = max(coalesce(t_max, ?), ?), dirty = max(dirty, ?),
       pending = pending + 1, generation = generation + 1, claimed_at = ? WHERE vessel = ? AND hour = ?`);
    this.settleRow = db.prepare<[Buffer, number, number, string, number]>(
      'UPDATE report_hour_digests SET sum = ?, samples = samples + ?, value_count = value_count + ?, pending = max(pending - 1, 0) WHERE vessel = ? AND hour = ?');
    this.abandonRow = db.prepare<[string, number]>(
      'UPDATE report_hour_digests SET pending = max(pending - 1, 0), dirty = 1, generation = generation + 1 WHERE vessel = ? AND hour = ?');
    this.keepRow = db.prepare<[Buffer, number, number, number | null, number | null, string, number, number]>(
      `UPDATE report_hour_digests SET sum = ?, samples = ?, value_count = ?, t_min = ?, t_max = ?, dirty = 0
       WHERE vessel = ? AND hour = ? AND generation = ? AND pending = 0`);
    this.insertKept = db.prepare<[string, number, Buffer, number, number, number | null, number | null]>(
      `INSERT INTO report_hour_digests (vessel, hour, sum, samples, value_count, t_min, t_max, pending, dirty, generation, claimed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0) ON CONFLICT DO NOTHING`);
    this.expireClaim = db.prepare<[string, number, number]>(
      'UPDATE report_hour_digests SET pending = 0, dirty = 1, generation = generation + 1 WHERE vessel = ? AND hour = ? AND generation = ?');
    this.getLegacy = db.prepare<[], { legacy_before: number }>('SELECT legacy_before FROM report_digest_origin WHERE id = 1');
    this.setLegacy = db.prepare<[number]>('INSERT INTO report_digest_origin (id, legacy_before) VALUES (1, ?) ON CONFLICT DO NOTHING');
    this.claimTx = db.transaction((vessel: VesselId, parts: readonly HourDigest[], legacyBefore: number, now: number) => {
      for (const { hour, digest: { tMin, tMax } } of parts) {
        const row = this.getRow.get(vessel, hour);
        if (!row) {
          this.insertClaim.run(vessel, hour, tMin, tMax, hour < legacyBefore ? 1 : 0, now);
          continue;
        }
        const disjoint = row.t_min === null || row.t_max === null || tMax < row.t_min || tMin > row.t_max;
        this.updateClaim.run(tMin, tMin, tMax, tMax, disjoint ? 0 : 1, now, vessel, hour);
      }
    });
    this.settleTx = db.transaction((vessel: VesselId, parts: readonly HourDigest[]) => {
      for (const { hour, digest } of parts) {
        const row = this.getRow.get(vessel, hour);
        if (!row) continue;
        // A dirty hour's sum means nothing until it is read again; its pending count still goes down.
        const sum = Buffer.from(row.sum);
        if (!row.dirty) addSum(sum, digest.sum);
        this.settleRow.run(sum, row.dirty ? 0 : digest.samples, row.dirty ? 0 : digest.values, vessel, hour);
      }
    });
  }

  /**
   * Marks where the index begins, once: when the store already holds data, the hours before the current one may
   * hold values no write here was seen for, so they are read before they are trusted.
   */
  async begin(storeHoldsData: () => Promise<boolean>): Promise<void> {
    if (this.getLegacy.get()) return;
    let holds = true;
    try {
      holds = await storeHoldsData();
    } catch {
      // The store is not answering (the server starts through an outage): assume the worst, hours read once.
    }
    this.setLegacy.run(holds ? Math.floor(this.now() / HOUR_MS) * HOUR_MS + HOUR_MS : 0);
  }

  /** Before `begin` (a state database no writer has opened yet), every hour is one to read. */
  private legacyBefore(): number {
    return this.getLegacy.get()?.legacy_before ?? Infinity;
  }

  /** Before a write is stored: its hours are being written, and whether it can only add instants is decided here. */
  claim(vessel: VesselId, parts: readonly HourDigest[]): void {
    this.claimTx.immediate(vessel, parts, this.legacyBefore(), this.now());
  }

  /** After the write is stored: each hour's digest of it is added to the hour's. */
  settle(vessel: VesselId, parts: readonly HourDigest[]): void {
    this.settleTx.immediate(vessel, parts);
  }

  /** After a write failed: some of it may have been stored, so its hours are read again. */
  abandon(vessel: VesselId, parts: readonly HourDigest[]): void {
    for (const { hour } of parts) this.abandonRow.run(vessel, hour);
  }

  /** The state of every hour of a vessel in [from, to) (whole hours): a digest to use, or an hour to read. */
  hours(vessel: VesselId, from: number, to: number): HourState[] {
    const legacyBefore = this.legacyBefore();
    const now = this.now();
    const rows = new Map(this.getRows.all(vessel, from, to).map((r) => [r.hour, r]));
    const out: HourState[] = [];
    for (let hour = from; hour < to; hour += HOUR_MS) {
      const row = rows.get(hour);
      if (!row) {
        // No write was ever claimed here: empty, unless the data predates the index.
        out.push(hour < legacyBefore ? { hour, known: false, generation: 0 } : { hour, known: true, digest: emptyDigest() });
      } else if (row.pending === 0 && row.dirty === 0) {
        out.push({ hour, known: true, digest: digestOf(row) });
      } else {
        // A write still landing may or may not be in what is read now: not to be kept (-1), unless its writer died.
        const stale = row.pending > 0 && now - row.claimed_at > this.staleClaimMs;
        if (stale) this.expireClaim.run(vessel, hour, row.generation);
        out.push({ hour, known: false, generation: row.pending === 0 ? row.generation : stale ? row.generation + 1 : -1 });
      }
    }
    return out;
  }

  /**
   * Keeps the digest of an hour read from the store, if nothing claimed the hour since `hours` said to read it
   * (a write in flight then may or may not be in what was read).
   */
  keep(vessel: VesselId, hour: number, generation: number, digest: SampleDigest): void {
    const args = [digest.sum, digest.samples, digest.values, digest.tMin, digest.tMax] as const;
    if (generation === 0) this.insertKept.run(vessel, hour, ...args);
    else if (generation > 0) this.keepRow.run(...args, vessel, hour, generation);
  }
}

function digestOf(row: Row): SampleDigest {
  return { sum: Buffer.from(row.sum), samples: row.samples, values: row.value_count, tMin: row.t_min, tMax: row.t_max };
}
