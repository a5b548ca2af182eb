import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { tokenDigest } from './secrets.ts';

/**
 * Web sessions in the shore's state database. The token itself is given to the user once and never stored:
 * the table holds its SHA-256, so reading the database does not let anyone in.
 */
export class Sessions {
  private readonly insert: Database.Statement<[string, string, number, number]>;
  private readonly find: Database.Statement<[string, number], { user: string }>;
  private readonly remove: Database.Statement<[string]>;
  private readonly expire: Database.Statement<[number]>;

  constructor(db: Database.Database, private readonly ttlMs: number, private readonly now: () => number = Date.now) {
    this.insert = db.prepare('INSERT INTO web_sessions (digest, user, created, expires) VALUES (?, ?, ?, ?)');
    this.find = db.prepare('SELECT user FROM web_sessions WHERE digest = ? AND expires > ?');
    this.remove = db.prepare('DELETE FROM web_sessions WHERE digest = ?');
    this.expire = db.prepare('DELETE FROM web_sessions WHERE expires <= ?');
  }

  /** Opens a session for `user`; returns its token and when it ends. */
  open(user: string): { token: string; expires: number } {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expires = now + this.ttlMs;
    this.expire.run(now);
    this.insert.run(tokenDigest(token), user, now, expires);
    return { token, expires };
  }

  /** The user a live session belongs to. */
  user(token: string): string | undefined {
    return this.find.get(tokenDigest(token), this.now())?.user;
  }

  close(token: string): void {
    this.remove.run(tokenDigest(token));
  }
}
