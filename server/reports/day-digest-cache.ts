import type Database from 'better-sqlite3';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { DataChangeLog } from '../store/data-changes.ts';
import { DAY_MS, type DayDigestSource, type Digest } from './input-digest.ts';

/**
 * A write is noted in the change log before its data is stored, and nothing marks when it has landed: a day read
 * while a write to it is in flight would be cached without that write's values under the write's own revision.
 * A digest is therefore kept only when every write that touched its day was noted at least this long before, far
 * longer than any store write takes.
 */
export const DEFAULT_SETTLE_MS = 10 * 60_000;

interface Row { revision: number; sha256: string; samples: number; value_count: number }

/**
 * Per-vessel, per-day digests of the telemetry in the shore's state database, each with the last revision of the
 * data change log that touched its day: valid while that revision has not moved, so that a season's report reads
 * only the days written since the last one.
 */
export class DayDigestCache implements DayDigestSource {
  private readonly getRow;
  private readonly putRow;
  private readonly lastCheckpoint;
  private readonly addCheckpoint;
  private readonly settledAt;
  private readonly pruneCheckpoints;
  private readonly settleMs: number;
  private readonly now: () => number;

  constructor(db: Database.Database, private readonly changes: Pick<DataChangeLog, 'hours' | 'revision'>, options: { settleMs?: number; now?: () => number } = {}) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.now = options.now ?? Date.now;
    this.getRow = db.prepare<[string, number], Row>('SELECT revision, sha256, samples, value_count FROM report_day_digests WHERE vessel = ? AND day = ?');
    this.putRow = db.prepare<[string, number, number, string, number, number]>(
      `INSERT INTO report_day_digests (vessel, day, revision, sha256, samples, value_count) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (vessel, day) DO UPDATE SET revision = excluded.revision, sha256 = excluded.sha256, samples = excluded.samples, value_count = excluded.value_count`);
    this.lastCheckpoint = db.prepare<[], { revision: number }>('SELECT revision FROM report_digest_checkpoints ORDER BY observed_at DESC LIMIT 1');
    this.addCheckpoint = db.prepare<[number, number]>('INSERT INTO report_digest_checkpoints (observed_at, revision) VALUES (?, ?)');
    this.settledAt = db.prepare<[number], { revision: number | null }>('SELECT max(revision) AS revision FROM report_digest_checkpoints WHERE observed_at <= ?');
    this.pruneCheckpoints = db.prepare<[number]>(
      'DELETE FROM report_digest_checkpoints WHERE observed_at < (SELECT max(observed_at) FROM report_digest_checkpoints WHERE observed_at <= ?)');
  }

  /**
   * Notes the log's newest revision now, and returns the newest one noted at least the settling time ago (-1 when
   * none was): the writes up to it have landed, whichever process made them.
   */
  settledRevision(): number {
    const now = this.now();
    const revision = this.changes.revision();
    if (this.lastCheckpoint.get()?.revision !== revision) this.addCheckpoint.run(now, revision);
    const settledBefore = now - this.settleMs;
    this.pruneCheckpoints.run(settledBefore);
    return this.settledAt.get(settledBefore)?.revision ?? -1;
  }

  async day(vessel: VesselId, day: number, settled: number, compute: () => Promise<Digest>): Promise<Digest & { cached: boolean }> {
    const hours = this.changes.hours(vessel, day, day + DAY_MS);
    // A day with no write in the log holds data older than the log, or none: nothing would tell if it changed.
    const revision = hours.length > 0 ? Math.max(...hours.map((h) => h.revision)) : null;
    const row = revision === null ? undefined : this.getRow.get(vessel, day);
    if (row && row.revision === revision) return { sha256: row.sha256, samples: row.samples, values: row.value_count, cached: true };
    const digest = await compute();
    if (revision !== null && revision <= settled) this.putRow.run(vessel, day, revision, digest.sha256, digest.samples, digest.values);
    return { ...digest, cached: false };
  }
}
