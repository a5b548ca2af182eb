import type { VesselProfile } from '../profile/index.ts';
import type { TelemetrySample } from '../wire/telemetry.ts';
import { fuelLitres } from './fuel.ts';
import { PHASES, type TripPhase } from './phases.ts';
import { TripAnalyzer, type PhaseFuel } from './trip-analyzer.ts';

export interface LiveSavingsEstimate {
  /** Start of the trip the figures are for, epoch ms; null before any data. */
  tripStart: number | null;
  fuelUsedL: number;
  baselineL: number;
  fuelSavedL: number;
  /** Saved / baseline; null while the baseline is still zero. */
  savedFraction: number | null;
}

function estimateOf(profile: VesselProfile, tripStart: number | undefined, byPhase: Partial<Record<TripPhase, PhaseFuel>>): LiveSavingsEstimate {
  let used = 0;
  let base = 0;
  for (const phase of PHASES) {
    const p = byPhase[phase];
    if (!p) continue;
    used += p.fuelMetered + p.fuelEstimated;
    base += p.baselineFuel;
  }
  const density = profile.fuel.density;
  return {
    tripStart: tripStart ?? null,
    fuelUsedL: fuelLitres(used, density),
    baselineL: fuelLitres(base, density),
    fuelSavedL: fuelLitres(base - used, density),
    savedFraction: base > 0 ? (base - used) / base : null,
  };
}

/**
 * The skipper's running estimate for the current trip: fuel used, and fuel saved against the model baseline so far,
 * over the covered time only (no interval: the display says "estimate"; the shore gives the evidence).
 */
export function estimateLiveSavings(profile: VesselProfile, samples: Iterable<TelemetrySample>): LiveSavingsEstimate {
  const analyzer = new TripAnalyzer({ profile });
  for (const s of samples) analyzer.add(s.t, s.v);
  analyzer.flush();
  return estimateOf(profile, analyzer.current?.start, analyzer.current?.byPhase ?? {});
}

/**
 * The same estimate fed one sample at a time, for an agent that runs for weeks: `estimate()` at any moment equals
 * `estimateLiveSavings` over every sample added so far, yet no sample is kept, nor any trip but the current one.
 */
export class LiveSavings {
  private readonly analyzer: TripAnalyzer;

  constructor(private readonly profile: VesselProfile) {
    this.analyzer = new TripAnalyzer({ profile });
  }

  add(sample: TelemetrySample): void {
    this.analyzer.add(sample.t, sample.v);
    const trips = this.analyzer.trips;
    if (trips.length > 1) trips.splice(0, trips.length - 1);
  }

  estimate(): LiveSavingsEstimate {
    return estimateOf(this.profile, this.analyzer.current?.start, this.analyzer.provisionalFuel());
  }
}
