import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Service } from '../../shared/lifecycle.ts';

/**
 * Opens a SQLite file the way the shore keeps its state: write-ahead log, synced at checkpoints, and its schema
 * brought up to date, so every part that is lent the handle finds its tables there.
 */
export function openStateDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

/**
 * Every table of the shore's state, in one place: a file written by any earlier version is brought to this schema
 * when it is opened, whichever parts this process runs.
 */
function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS data_writes (
      revision INTEGER PRIMARY KEY AUTOINCREMENT, vessel TEXT NOT NULL, t_from INTEGER NOT NULL, t_to INTEGER NOT NULL, written_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS data_hours (
      vessel TEXT NOT NULL, hour INTEGER NOT NULL, revision INTEGER NOT NULL, PRIMARY KEY (vessel, hour)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rollup_hours (
      vessel TEXT NOT NULL, hour INTEGER NOT NULL, revision INTEGER NOT NULL, PRIMARY KEY (vessel, hour)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS dead_letters (
      id INTEGER PRIMARY KEY, received INTEGER NOT NULL, vessel TEXT, topic TEXT NOT NULL,
      reason TEXT NOT NULL, detail TEXT NOT NULL, item TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS vessel_events (
      id INTEGER PRIMARY KEY, vessel TEXT NOT NULL, t INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL, received INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS analytics_trips (
      id TEXT PRIMARY KEY, vessel TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, status TEXT NOT NULL,
      metier TEXT, record TEXT NOT NULL, savings TEXT, updated_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS analytics_trips_vessel_start ON analytics_trips (vessel, start);
    CREATE TABLE IF NOT EXISTS analytics_progress (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS web_sessions (
      digest TEXT PRIMARY KEY, user TEXT NOT NULL, created INTEGER NOT NULL, expires INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS report_hour_digests (
      vessel TEXT NOT NULL, hour INTEGER NOT NULL, sum BLOB NOT NULL, samples INTEGER NOT NULL, value_count INTEGER NOT NULL,
      t_min INTEGER, t_max INTEGER, pending INTEGER NOT NULL, dirty INTEGER NOT NULL, generation INTEGER NOT NULL, claimed_at INTEGER NOT NULL,
      PRIMARY KEY (vessel, hour)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS report_digest_origin (id INTEGER PRIMARY KEY CHECK (id = 1), legacy_before INTEGER NOT NULL);
    -- Day digests computed when a report was asked for, replaced by the hour digests kept as data is stored.
    DROP TABLE IF EXISTS report_day_digests;
    DROP TABLE IF EXISTS report_digest_checkpoints;
    CREATE TABLE IF NOT EXISTS reference_files (
      id INTEGER PRIMARY KEY, vessel TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, format TEXT NOT NULL, basis TEXT NOT NULL,
      time_zone TEXT NOT NULL, imported_at INTEGER NOT NULL, UNIQUE (vessel, sha256));
    CREATE TABLE IF NOT EXISTS reference_records (
      file INTEGER NOT NULL REFERENCES reference_files (id), line INTEGER NOT NULL, departure INTEGER NOT NULL, arrival INTEGER NOT NULL,
      timed INTEGER NOT NULL, metier TEXT NOT NULL, fuel_m3 REAL, fishing_seconds REAL, landings_kg REAL, PRIMARY KEY (file, line)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS reference_rejected_rows (
      file INTEGER NOT NULL REFERENCES reference_files (id), line INTEGER NOT NULL, reason TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (file, line)) WITHOUT ROWID;`);
  // Tables made before batches were kept whole (or could be replayed) get the new columns; their rows have none of them.
  const columns = new Set((db.prepare('PRAGMA table_info(dead_letters)').all() as { name: string }[]).map((c) => c.name));
  for (const [name, type] of [['seq', 'INTEGER'], ['payload', 'BLOB'], ['digest', 'TEXT'], ['replayed_at', 'INTEGER']] as const) {
    if (!columns.has(name)) db.exec(`ALTER TABLE dead_letters ADD COLUMN ${name} ${type}`);
  }
  db.exec('CREATE INDEX IF NOT EXISTS dead_letters_digest ON dead_letters (digest) WHERE digest IS NOT NULL');
  identifyEvents(db);
}

/**
 * An event is what the edge sent: its vessel, time, kind and detail (the wire carries no event id; `received`
 * differs between deliveries and is left out). Two alarms raised in the same evaluation share t and kind but not
 * their detail. The unique index also serves the vessel and time queries, so it replaces the (vessel, t) one; a
 * database from before it loses its duplicates once, the first-received copy of each kept.
 */
function identifyEvents(db: Database.Database): void {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'vessel_events_identity'`).get()) return;
  db.transaction(() => {
    db.exec(`DELETE FROM vessel_events WHERE id NOT IN (SELECT min(id) FROM vessel_events GROUP BY vessel, t, kind, detail);
      CREATE UNIQUE INDEX vessel_events_identity ON vessel_events (vessel, t, kind, detail);
      DROP INDEX IF EXISTS vessel_events_vessel_t;`);
  })();
}


/**
 * The shore's own relational state, `server.db` in its data directory, beside any time-series store: the data
 * change log and roll-up index, dead letters, vessel events, trips, web sessions, report digests, the conventional
 * vessels' logbook records. One handle per process, opened here and lent to every part that keeps state in it; the
 * server, `sillage report` and the benches all reach the file through this class, so its name and how it is opened
 * are written once.
 */
export class StateDatabase implements Service {
  readonly path: string;
  private handle: Database.Database | undefined;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'server.db');
  }

  /** Whether a shore has ever kept its state in this data directory. */
  exists(): boolean {
    return existsSync(this.path);
  }

  /** The open handle; there between start() and stop(). */
  get db(): Database.Database {
    if (!this.handle) throw new Error(`the state database ${this.path} is not open`);
    return this.handle;
  }

  async start(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    this.handle = openStateDb(this.path);
  }

  async stop(): Promise<void> {
    this.handle?.close();
    this.handle = undefined;
  }
}
