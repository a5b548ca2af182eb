import type { VesselProfile } from '../profile/index.ts';
import type { TelemetrySample } from '../wire/telemetry.ts';
import { NOMINAL } from './baseline-parameters.ts';
import { fuelLitres } from './fuel.ts';
import { PHASES, type TripPhase } from './phases.ts';
import { TripAnalyzer, type PhaseFuel, type TripRecord } from './trip-analyzer.ts';
import { batteryFuelEquivalent, chargeEfficiency, packEnergy, tripMarginalFuelRate } from './trip-savings.ts';

export interface LiveSavingsEstimate {
  /** Start of the trip the figures are for, epoch ms; null before any data. */
  tripStart: number | null;
  /** At sea since casting off: fuel burnt and the baseline's, L. */
  fuelUsedL: number;
  baselineL: number;
  /** What the battery's change of charge since casting off is worth in fuel, L (positive when drawn down). */
  batteryFuelL: number;
  /** Saved with the battery's change valued as fuel, as the shore's headline; L and over the baseline (null before any). */
  fuelSavedL: number;
  savedFraction: number | null;
}

function estimateOf(profile: VesselProfile, trip: TripRecord | undefined, byPhase: Partial<Record<TripPhase, PhaseFuel>>): LiveSavingsEstimate {
  let used = 0;
  let base = 0;
  for (const phase of PHASES) {
    const p = byPhase[phase];
    if (!p || phase === 'port') continue;
    used += p.fuelMetered + p.fuelEstimated;
    base += p.baselineFuel;
  }
  const { socDeparture, socArrival } = trip?.battery ?? { socDeparture: null, socArrival: null };
  const battery = trip && socDeparture !== null && socArrival !== null
    ? batteryFuelEquivalent((socArrival - socDeparture) * packEnergy(profile), tripMarginalFuelRate(profile, trip, NOMINAL), chargeEfficiency(profile))
    : 0;
  const density = profile.fuel.density;
  return {
    tripStart: trip?.start ?? null,
    fuelUsedL: fuelLitres(used, density),
    baselineL: fuelLitres(base, density),
    batteryFuelL: fuelLitres(battery, density),
    fuelSavedL: fuelLitres(base - used - battery, density),
    savedFraction: base > 0 ? (base - used - battery) / base : null,
  };
}

/**
 * The skipper's running estimate for the current trip: fuel used at sea, and fuel saved against the model baseline
 * so far with the battery's change valued as the shore values it, over the covered time only (no interval: the display says "estimate"; the shore gives the evidence).
 */
export function estimateLiveSavings(profile: VesselProfile, samples: Iterable<TelemetrySample>): LiveSavingsEstimate {
  const analyzer = new TripAnalyzer({ profile });
  for (const s of samples) analyzer.add(s.t, s.v);
  analyzer.flush();
  return estimateOf(profile, analyzer.current, analyzer.current?.byPhase ?? {});
}

/**
 * The same estimate fed one sample at a time, for an agent that runs for weeks: `estimate()` at any moment equals
 * `estimateLiveSavings` over every sample added so far (once a leap forward in time has been told from a clock jump,
 * at most 900 samples later: see TripAnalyzer.add), yet no sample is kept, nor any trip but the current one.
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
    return estimateOf(this.profile, this.analyzer.current, this.analyzer.provisionalFuel());
  }
}
