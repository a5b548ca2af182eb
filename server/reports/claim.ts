import type { VesselProfile } from '../../shared/profile/index.ts';
import type { Interval } from '../../shared/savings/index.ts';

export type ClaimVerdict = 'within' | 'overlaps' | 'below' | 'above' | 'no-data';

/** A métier's claimed saving, as its vessel profile states it with its source. */
export interface Claim { low: number; high: number; source: string }

/** Each métier's weighing: its own claim against the evidence of its own trips. */
export interface MetierClaim extends Claim { metier: string; verdict: ClaimVerdict; text: string }

/** The claim of a métier in the first profile that names it; null where no profile does. */
export function claimOf(profiles: readonly VesselProfile[], metier: string): Claim | null {
  for (const p of profiles) {
    const m = p.metiers.find((x) => x.code === metier);
    if (m) return { low: m.claimedSaving.low, high: m.claimedSaving.high, source: `${p.identity.name}, ${metier}: ${m.sources.claimedSaving}` };
  }
  return null;
}

/** Where the measured saving and its 95 % interval stand against the claimed range. */
export function compareWithClaim(fraction: Interval | null, claim: Pick<Claim, 'low' | 'high'>): { verdict: ClaimVerdict; text: string } {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const range = `${Math.round(100 * claim.low)}–${Math.round(100 * claim.high)} %`;
  if (!fraction) return { verdict: 'no-data', text: `No trip with enough data: nothing to weigh against the claimed ${range}.` };
  const measured = `${pct(fraction.value)} (95 % interval ${pct(fraction.low)} to ${pct(fraction.high)})`;
  if (fraction.high < claim.low) return { verdict: 'below', text: `Measured ${measured}: below the claimed ${range}, even at the top of its interval.` };
  if (fraction.low > claim.high) return { verdict: 'above', text: `Measured ${measured}: above the claimed ${range}, even at the bottom of its interval.` };
  if (fraction.low >= claim.low && fraction.high <= claim.high) {
    return { verdict: 'within', text: `Measured ${measured}: the whole interval lies within the claimed ${range}.` };
  }
  return { verdict: 'overlaps', text: `Measured ${measured}: the interval overlaps the claimed ${range} without lying within it.` };
}
