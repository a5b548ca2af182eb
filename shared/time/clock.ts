/** Time as a component sees it: real on board, accelerated when a simulated trip replays hours in minutes. */
export interface Clock {
  /** Epoch milliseconds UTC. */
  now(): number;
  /** Wall-clock milliseconds until this clock shows `t` (0 when it already has). */
  delayUntil(t: number): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  delayUntil: (t) => Math.max(0, t - Date.now()),
};

/**
 * Starts at `start` (in the past) and runs `speedup` times faster than the wall clock until it has caught up
 * with real time, then runs at real time: a demo shows hours of a trip at once and then stays live, and no
 * timestamp ever lies in the future.
 */
export class CatchUpClock implements Clock {
  private readonly wall0: number;

  constructor(
    private readonly start: number,
    private readonly speedup: number,
    private readonly wall: () => number = Date.now,
  ) {
    if (!(speedup >= 1)) throw new Error(`speed-up must be at least 1, got ${speedup}`);
    this.wall0 = wall();
    if (start > this.wall0) throw new Error('a catch-up clock cannot start in the future');
  }

  now(): number {
    const w = this.wall();
    return Math.min(w, this.start + (w - this.wall0) * this.speedup);
  }

  delayUntil(t: number): number {
    const w = this.wall();
    if (t <= this.now()) return 0;
    const acceleratedWall = this.wall0 + (t - this.start) / this.speedup;
    return Math.max(0, Math.max(acceleratedWall, t) - w);
  }
}
