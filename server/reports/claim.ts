import type { Interval } from '../../shared/savings/index.ts';

/**
 * The claim the evidence is weighed against: 15–21 % fuel saved depending on the métier, for La Frégate
 * (regional action plan; 17–21 % in the 2014 press reports). METHOD §1.
 */
export const CLAIMED_SAVING = {
  low: 0.15,
  high: 0.21,
  source: 'La Frégate, Boulogne-sur-Mer: 15–21 % depending on the métier (regional action plan; METHOD §1)',
} as const;

export type ClaimVerdict = 'within' | 'overlaps' | 'below' | 'above' | 'no-data';

/** Where the measured saving and its 95 % interval stand against the claimed range. */
export function compareWithClaim(fraction: Interval | null): { verdict: ClaimVerdict; text: string } {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const claim = `${Math.round(100 * CLAIMED_SAVING.low)}–${Math.round(100 * CLAIMED_SAVING.high)} %`;
  if (!fraction) return { verdict: 'no-data', text: `No trip with enough data: nothing to weigh against the claimed ${claim}.` };
  const measured = `${pct(fraction.value)} (95 % interval ${pct(fraction.low)} to ${pct(fraction.high)})`;
  if (fraction.high < CLAIMED_SAVING.low) return { verdict: 'below', text: `Measured ${measured}: below the claimed ${claim}, even at the top of its interval.` };
  if (fraction.low > CLAIMED_SAVING.high) return { verdict: 'above', text: `Measured ${measured}: above the claimed ${claim}, even at the bottom of its interval.` };
  if (fraction.low >= CLAIMED_SAVING.low && fraction.high <= CLAIMED_SAVING.high) {
    return { verdict: 'within', text: `Measured ${measured}: the whole interval lies within the claimed ${claim}.` };
  }
  return { verdict: 'overlaps', text: `Measured ${measured}: the interval overlaps the claimed ${claim} without lying within it.` };
}
