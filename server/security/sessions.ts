import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Service } from '../../shared/lifecycle.ts';
import { tokenDigest } from './secrets.ts';

/** The statements sessions run, prepared on the shore's state database. */
function prepareSessions(db: Database.Database) {
  return {
    insert: db.prepare<[string, string, number, number]>('INSERT INTO web_sessions (digest, user, created, expires) VALUES (?, ?, ?, ?)'),
    find: db.prepare<[string, number], { user: string }>('SELECT user FROM web_sessions WHERE digest = ? AND expires > ?'),
    remove: db.prepare<[string]>('DELETE FROM web_sessions WHERE digest = ?'),
    expire: db.prepare<[number]>('DELETE FROM web_sessions WHERE expires <= ?'),
  };
}

/**
 * Web sessions in the shore's state database. The token itself is given to the user once and never stored:
 * the table holds its SHA-256, so reading the database does not let anyone in. Constructing it opens nothing:
 * start() prepares its statements on the state database, which must be open by then, and stop() lets them go.
 */
export class Sessions implements Service {
  private opened: ReturnType<typeof prepareSessions> | undefined;

  constructor(private readonly state: { readonly db: Database.Database }, private readonly ttlMs: number,
    private readonly now: () => number = Date.now) {}

  async start(): Promise<void> {
    this.opened = prepareSessions(this.state.db);
  }

  async stop(): Promise<void> {
    this.opened = undefined;
  }

  private get statements(): ReturnType<typeof prepareSessions> {
    if (!this.opened) throw new Error('the web sessions are not open');
    return this.opened;
  }

  /** Opens a session for `user`; returns its token and when it ends. */
  open(user: string): { token: string; expires: number } {
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const expires = now + this.ttlMs;
    this.statements.expire.run(now);
    this.statements.insert.run(tokenDigest(token), user, now, expires);
    return { token, expires };
  }

  /** The user a live session belongs to. */
  user(token: string): string | undefined {
    return this.statements.find.get(tokenDigest(token), this.now())?.user;
  }

  close(token: string): void {
    this.statements.remove.run(tokenDigest(token));
  }
}
