import type { VesselProfile } from '../profile/index.ts';
import type { TelemetrySample } from '../wire/telemetry.ts';
import { fuelLitres } from './fuel.ts';
import { PHASES } from './phases.ts';
import { TripAnalyzer } from './trip-analyzer.ts';

export interface LiveSavingsEstimate {
  /** Start of the trip the figures are for, epoch ms; null before any data. */
  tripStart: number | null;
  fuelUsedL: number;
  baselineL: number;
  fuelSavedL: number;
  /** Saved / baseline; null while the baseline is still zero. */
  savedFraction: number | null;
}

/**
 * The skipper's running estimate for the current trip: fuel used, and fuel saved against the model baseline so far,
 * over the covered time only (no interval: the display says "estimate"; the shore gives the evidence).
 */
export function estimateLiveSavings(profile: VesselProfile, samples: Iterable<TelemetrySample>): LiveSavingsEstimate {
  const analyzer = new TripAnalyzer({ profile });
  for (const s of samples) analyzer.add(s.t, s.v);
  analyzer.flush();
  const trip = analyzer.current;
  let used = 0;
  let base = 0;
  for (const phase of PHASES) {
    const p = trip?.byPhase[phase];
    if (!p) continue;
    used += p.fuelMetered + p.fuelEstimated;
    base += p.baselineFuel;
  }
  const density = profile.fuel.density;
  return {
    tripStart: trip?.start ?? null,
    fuelUsedL: fuelLitres(used, density),
    baselineL: fuelLitres(base, density),
    fuelSavedL: fuelLitres(base - used, density),
    savedFraction: base > 0 ? (base - used) / base : null,
  };
}
