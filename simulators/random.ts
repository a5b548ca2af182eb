/** Seeded pseudo-random numbers (mulberry32): the same seed replays the same trip, bit for bit. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let x = this.state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Triangular on [min, max] with its peak at mode: bounded, and shaped by three numbers a skipper can give. */
  triangular(d: { min: number; mode: number; max: number }): number {
    const { min, mode, max } = d;
    if (max <= min) return min;
    const u = this.next();
    const f = (mode - min) / (max - min);
    return u < f ? min + Math.sqrt(u * (max - min) * (mode - min)) : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
  }

  /** A child generator for one concern (weather, trips, faults): adding draws to one leaves the others' sequences unchanged. */
  fork(salt: number): Random {
    return new Random(Math.imul((this.next() * 4294967296) >>> 0, 0x9e3779b1) ^ salt);
  }

  /** Standard normal by Box–Muller. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
