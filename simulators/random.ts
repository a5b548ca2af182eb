import { SeededRandom } from '../shared/savings/seeded-random.ts';

/**
 * The simulator's seeded generator: the same mulberry32 stream as the savings engine's Monte Carlo (one algorithm
 * in the project), with the distributions trip plans, weather and faults draw from.
 */
export class Random extends SeededRandom {
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
}
