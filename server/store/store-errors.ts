/**
 * Whether a failed store write can never succeed as it is (the store refused this data), as opposed to an
 * outage (store down, unreachable, overloaded, disk full) that retrying outlasts. Retrying a refusal forever
 * would hold up every vessel behind one bad batch; giving up on an outage would lose data.
 */
export function isPermanentStoreError(err: unknown): boolean {
  const status = (err as { res?: { statusCode?: number } } | undefined)?.res?.statusCode;
  if (typeof status === 'number') return status >= 400 && status < 500 && status !== 408 && status !== 429;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/.test(code);
}

/** Failures of a store that cannot answer now: not reached, gone silent, or out of room or locked for a moment. */
const OUTAGE_CODES = [
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  // With their extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE…).
  'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR',
];

/**
 * Whether a store failed because it is unavailable (down, unreachable, overloaded, too slow), which waiting
 * outlasts, rather than because of what was asked or a fault of ours: what the web answers 503 for.
 */
export function isStoreOutage(err: unknown): boolean {
  const status = (err as { res?: { statusCode?: number } } | undefined)?.res?.statusCode;
  if (typeof status === 'number') return status >= 500 || status === 408 || status === 429;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && OUTAGE_CODES.some((c) => code.startsWith(c));
}

/** A store's HTTP answer other than success, its status where `isPermanentStoreError` reads it (`res.statusCode`). */
export class StoreHttpError extends Error {
  readonly res: { statusCode: number };

  constructor(statusCode: number, message: string) {
    super(message);
    this.res = { statusCode };
  }
}
