import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Service } from '../../shared/lifecycle.ts';

/** Opens a SQLite file the way the shore keeps its state: write-ahead log, synced at checkpoints. */
export function openStateDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}

/**
 * The shore's own relational state, `server.db` in its data directory, beside any time-series store: the data
 * change log and roll-up index, dead letters, vessel events, trips, web sessions, report digests. One handle per
 * process, opened here and lent to every part that keeps state in it; the server, `sillage report` and the
 * benches all reach the file through this class, so its name and how it is opened are written once.
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
