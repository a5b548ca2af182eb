import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { FuelBasis, LogbookRecord, LogbookSource } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { LogbookFile, RejectedRow } from './logbook-file.ts';

export interface StoredLogbookFile {
  id: number; vessel: VesselId; name: string; sha256: string; format: LogbookFile['format']; basis: FuelBasis;
  timeZone: string; importedAt: string; records: number; rejected: number;
}

/** Why an import stored nothing. */
export class LogbookImportError extends Error {
  constructor(readonly reason: 'bad-rows' | 'no-records' | 'already-imported', message: string, readonly rejected: readonly RejectedRow[] = []) {
    super(message);
  }
}

interface RecordRow { file: number; line: number; departure: number; arrival: number; timed: number; metier: string; fuel_m3: number | null; fishing_seconds: number | null; landings_kg: number | null }

/**
 * The conventional reference's logbook records of each vessel, in the state database: every file imported whole or
 * not at all, with its digest, the rows refused at the door kept aside beside it.
 */
export class LogbookStore {
  constructor(private readonly db: Database.Database) {}

  /**
   * Stores a read file for a vessel. A file with refused rows is stored only when `skipBadRows` says so; the same
   * file twice is refused by its digest.
   */
  import(vessel: VesselId, name: string, file: LogbookFile, options: { timeZone: string; skipBadRows: boolean; now?: number }): StoredLogbookFile {
    if (file.rejected.length > 0 && !options.skipBadRows) {
      throw new LogbookImportError('bad-rows', `${file.rejected.length} bad row${file.rejected.length > 1 ? 's' : ''}: nothing stored (--skip-bad-rows stores the others and keeps these aside)`, file.rejected);
    }
    if (file.records.length === 0) throw new LogbookImportError('no-records', 'no valid record in the file: nothing stored', file.rejected);
    const same = this.db.prepare('SELECT id FROM reference_files WHERE vessel = ? AND sha256 = ?').get(vessel, file.sha256) as { id: number } | undefined;
    if (same) throw new LogbookImportError('already-imported', `this file (SHA-256 ${file.sha256}) is already imported for ${vessel}`);
    const id = this.db.transaction(() => {
      const { lastInsertRowid } = this.db.prepare(`INSERT INTO reference_files (vessel, name, sha256, format, basis, time_zone, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(vessel, name, file.sha256, file.format, file.basis, options.timeZone, options.now ?? Date.now());
      const record = this.db.prepare(`INSERT INTO reference_records (file, line, departure, arrival, timed, metier, fuel_m3, fishing_seconds, landings_kg) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const r of file.records) record.run(lastInsertRowid, r.line, r.departure, r.arrival, r.timed ? 1 : 0, r.metier, r.fuelM3, r.fishingSeconds, r.landingsKg);
      const rejected = this.db.prepare('INSERT INTO reference_rejected_rows (file, line, reason, text) VALUES (?, ?, ?, ?)');
      for (const r of file.rejected) rejected.run(lastInsertRowid, r.line, r.reason, r.text);
      return Number(lastInsertRowid);
    })();
    return this.files(vessel).find((f) => f.id === id)!;
  }

  files(vessel?: VesselId): StoredLogbookFile[] {
    const rows = this.db.prepare(`SELECT f.*, (SELECT count(*) FROM reference_records r WHERE r.file = f.id) AS records,
        (SELECT count(*) FROM reference_rejected_rows x WHERE x.file = f.id) AS rejected
      FROM reference_files f ${vessel ? 'WHERE vessel = ?' : ''} ORDER BY vessel, id`).all(...(vessel ? [vessel] : [])) as {
      id: number; vessel: VesselId; name: string; sha256: string; format: LogbookFile['format']; basis: FuelBasis; time_zone: string; imported_at: number; records: number; rejected: number;
    }[];
    return rows.map((r) => ({
      id: r.id, vessel: r.vessel, name: r.name, sha256: r.sha256, format: r.format, basis: r.basis, timeZone: r.time_zone,
      importedAt: new Date(r.imported_at).toISOString(), records: r.records, rejected: r.rejected,
    }));
  }

  rejectedRows(file: number): RejectedRow[] {
    return this.db.prepare('SELECT line, reason, text FROM reference_rejected_rows WHERE file = ? ORDER BY line').all(file) as RejectedRow[];
  }

  private recordsOf(file: number): RecordRow[] {
    return this.db.prepare('SELECT * FROM reference_records WHERE file = ? ORDER BY line').all(file) as RecordRow[];
  }

  /** What option C is fitted on: each file of a vessel with its records and the lines refused in it. */
  sources(vessel: VesselId): LogbookSource[] {
    return this.files(vessel).map((f) => ({
      basis: f.basis,
      records: this.recordsOf(f.id).map((r): LogbookRecord => ({
        line: r.line, departure: r.departure, arrival: r.arrival, timed: r.timed === 1, metier: r.metier,
        fuelM3: r.fuel_m3, fishingSeconds: r.fishing_seconds, landingsKg: r.landings_kg,
      })),
      rejectedLines: this.rejectedRows(f.id).map((r) => r.line),
    }));
  }

  /**
   * The fingerprint of a vessel's stored reference records, as they are now (a record changed in the database
   * changes it, whatever its file's digest says): SHA-256 of LOGBOOK_CANONICAL_FORM; null when it has none.
   */
  digest(vessel: VesselId): { sha256: string; files: number; records: number } | null {
    const files = this.files(vessel);
    if (files.length === 0) return null;
    const hash = createHash('sha256');
    let records = 0;
    for (const f of files) {
      hash.update(`${vessel}\tfile\t${f.sha256}\t${f.basis}\n`);
      for (const r of this.recordsOf(f.id)) {
        hash.update(`${r.line}\t${r.departure}\t${r.arrival}\t${r.timed}\t${r.metier}\t${r.fuel_m3 ?? ''}\t${r.fishing_seconds ?? ''}\t${r.landings_kg ?? ''}\n`);
        records++;
      }
      for (const x of this.rejectedRows(f.id)) hash.update(`${x.line}\trejected\n`);
    }
    return { sha256: hash.digest('hex'), files: files.length, records };
  }
}

export const LOGBOOK_CANONICAL_FORM = 'per file of the vessel in import order, "<vessel>\\tfile\\t<file SHA-256>\\t<basis>\\n", then per record in line order '
  + '"<line>\\t<departure ms>\\t<arrival ms>\\t<timed 0|1>\\t<métier>\\t<fuel m³>\\t<fishing s>\\t<landings kg>\\n" (empty when not given), '
  + 'then per rejected line "<line>\\trejected\\n"';
