/**
 * Failed logins one address may make a minute over all user names (MQTT and web), as a multiple of the per-user
 * limit: room for a few misconfigured clients behind one NAT, too little to try a password on every account.
 */
export const ADDRESS_FAILURE_FACTOR = 4;

/**
 * Counts attempts per key in a fixed window and says when a key has had its share. Used for MQTT connection
 * attempts per client, failed MQTT logins per user and address, and web logins. Memory stays bounded: keys
 * whose window has ended are dropped, and at most `maxKeys` are tracked (the oldest window goes first).
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Records one attempt; false when the key is over its limit for the current window. */
  hit(key: string): boolean {
    const w = this.current(key, true)!;
    w.count++;
    return w.count <= this.limit;
  }

  /** Whether the key is over its limit now, without recording anything. */
  blocked(key: string): boolean {
    const w = this.current(key, false);
    return w !== undefined && w.count >= this.limit;
  }

  /** Forgets a key (a successful login clears its failures). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string, create: boolean): { start: number; count: number } | undefined {
    const now = this.now();
    let w = this.windows.get(key);
    if (w && now - w.start >= this.windowMs) {
      this.windows.delete(key);
      w = undefined;
    }
    if (!w && create) {
      if (this.windows.size >= this.maxKeys) this.prune(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return w;
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    // Still full: drop the oldest windows (Map iteration is in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(key);
    }
  }
}
