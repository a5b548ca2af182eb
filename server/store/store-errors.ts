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

/** A store's HTTP answer other than success, its status where `isPermanentStoreError` reads it (`res.statusCode`). */
export class StoreHttpError extends Error {
  readonly res: { statusCode: number };

  constructor(statusCode: number, message: string) {
    super(message);
    this.res = { statusCode };
  }
}
