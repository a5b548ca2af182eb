import Database from 'better-sqlite3';

/** The shore's own small relational state (dead letters, and later trips, users), beside any time-series store. */
export function openStateDb(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  return db;
}
