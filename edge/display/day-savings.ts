import type { LiveSavingsEstimate } from '../../shared/savings/live-estimate.ts';
import { dayOf } from './trip-totals.ts';

/** Fuel saved since the day began, against the baseline fuel of the same time, litres. */
export type DaySaved = Pick<LiveSavingsEstimate, 'fuelSavedL' | 'baselineL' | 'savedFraction'>;

interface Litres { readonly saved: number; readonly baseline: number }
const ZERO: Litres = { saved: 0, baseline: 0 };
const plus = (a: Litres, b: Litres): Litres => ({ saved: a.saved + b.saved, baseline: a.baseline + b.baseline });
const minus = (a: Litres, b: Litres): Litres => ({ saved: a.saved - b.saved, baseline: a.baseline - b.baseline });

/**
 * Today's part of the live savings estimate, which is the trip's: what the trip's estimate grew by since the day
 * began, plus what trips ended earlier today grew by today. The day is that of the energy figures beside it
 * (`dayOf`: local midnight in the onboard computer's time zone, UTC when it has none). A trip counts with the last
 * estimate seen before the next began; the shore, deciding its last minute of phases, may differ by a little.
 */
export class DaySavings {
  private day: string | undefined;
  private lastT = -Infinity;
  private trip: number | null = null;
  /** The estimate of the trip under way when the day began: yesterday's part of it. */
  private before: Litres = ZERO;
  /** Trips ended today: their part of today. */
  private ended: Litres = ZERO;
  private last: Litres = ZERO;

  /** The estimate once the sample of clock time `t` is in it. */
  observe(t: number, estimate: LiveSavingsEstimate): void {
    // The savings engine refuses a sample that goes back in time: so does the day.
    if (t <= this.lastT) return;
    this.lastT = t;
    const day = dayOf(t);
    if (day !== this.day) {
      this.day = day;
      this.ended = ZERO;
      this.before = this.last;
    }
    if (estimate.tripStart !== this.trip) {
      this.ended = plus(this.ended, minus(this.last, this.before));
      this.before = ZERO;
      this.trip = estimate.tripStart;
    }
    this.last = { saved: estimate.fuelSavedL, baseline: estimate.baselineL };
  }

  today(): DaySaved {
    const { saved, baseline } = plus(this.ended, minus(this.last, this.before));
    return { fuelSavedL: saved, baselineL: baseline, savedFraction: baseline > 0 ? saved / baseline : null };
  }
}
