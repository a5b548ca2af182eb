/**
 * A token bucket in bytes: the link may spend `bytesPerSecond` on average, with bursts up to `burstSeconds` of
 * it. A batch larger than the bucket still goes once the bucket is full, and the debt is paid back before the
 * next: the average holds whatever the batch size. 0 bytes per second means no budget.
 */
export class LinkBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly bytesPerSecond: number,
    private readonly burstSeconds = 5,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = this.capacity;
    this.last = now();
  }

  private get capacity(): number {
    return this.bytesPerSecond * this.burstSeconds;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.bytesPerSecond);
    this.last = t;
  }

  get unlimited(): boolean {
    return this.bytesPerSecond === 0;
  }

  /** Whether `bytes` may go now; if so they are spent. */
  trySpend(bytes: number): boolean {
    if (this.unlimited) return true;
    this.refill();
    if (this.tokens < Math.min(bytes, this.capacity)) return false;
    this.tokens -= bytes;
    return true;
  }

  /** Milliseconds until `bytes` could go (0 when they can now). */
  waitFor(bytes: number): number {
    if (this.unlimited) return 0;
    this.refill();
    const missing = Math.min(bytes, this.capacity) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.bytesPerSecond) * 1000);
  }
}
