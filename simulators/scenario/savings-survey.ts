import type { VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { HybridTrawler } from '../vessel/hybrid-trawler.ts';
import type { Phase } from '../vessel/trip-plan.ts';
import type { TripTruth } from '../vessel/truth.ts';

const KWH = 3.6e6;
const PHASES: readonly Phase[] = ['port', 'steaming', 'shooting', 'towing', 'hauling'];

/** One trip's truth, read for the question "how much does the hybrid save, and where does it come from?". */
export interface TripFigures {
  seed: number;
  hours: number;
  /** Fuel of the voyage, casting off to tying up, L. */
  hybridL: number;
  conventionalL: number;
  /** The battery's change of charge valued at the sets' true marginal consumption, L (positive when drawn down). */
  batteryL: number;
  /** The true saving of the voyage: conventional − hybrid − battery, L and as a fraction of conventional. */
  savedL: number;
  savedFraction: number;
  shoreKWh: number;
  /** Stored battery energy at tying up minus at casting off, kWh. */
  batteryChangeKWh: number;
  /** The fuel burnt alone: the energy the battery brought from shore counted free. */
  fuelOnlySavedFraction: number;
  /** Harvest used (solar, wind, hydro gross, wave), kWh, and its share of the energy on the bus. */
  harvestKWh: number;
  harvestShare: number;
  /** Fuel of each phase, L, hybrid and twin. */
  byPhase: Record<Phase, { hybridL: number; conventionalL: number }>;
  /** Trip-average specific consumption, g/kWh: hybrid sets per electrical kWh; twin main engine per brake kWh; twin auxiliary per electrical kWh. */
  hybridSfoc: number;
  twinMainSfoc: number;
  twinAuxSfoc: number;
  /** Mean load of the twin's main engine while at sea, fraction of its rating. */
  twinMainLoad: number;
  silentHoursAtSea: number;
  /** |sources − loads| / loads on the DC bus. */
  conservationError: number;
}

/** The first complete trip of a vessel on a métier from a seed. */
export function simulateTrip(profile: VesselProfile, metier: string, seed: number, start: number): TripTruth {
  const sim = new HybridTrawler({ profile, metier, seed, start });
  while (sim.completedTrips.length === 0) sim.step();
  return sim.completedTrips[0]!;
}

export function tripFigures(profile: VesselProfile, truth: TripTruth): TripFigures {
  const litres = (kg: number) => (kg / profile.fuel.density) * 1000;
  const e = truth.energy;
  const generated = Object.values(e.sources.generators).reduce((a, b) => a + b, 0);
  const harvest = e.sources.solar + e.sources.wind + e.sources.hydro + e.sources.wave;
  const supplied = generated + harvest + e.sources.shore + e.sources.batteryDischarge;
  const used = e.loads.propulsion + e.loads.winch + e.loads.hotel + e.loads.stabiliser + e.loads.batteryCharge;
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, { hybridL: 0, conventionalL: 0 }])) as TripFigures['byPhase'];
  let atSea = 0;
  for (const p of truth.phases) {
    byPhase[p.phase].hybridL += litres(p.fuel.hybrid);
    byPhase[p.phase].conventionalL += litres(p.fuel.conventional);
    if (p.phase !== 'port') atSea += (p.end - p.start) / 1000;
  }
  const main = profile.conventional.mainEngine;
  return {
    seed: truth.seed,
    hours: (truth.end - truth.start) / 3.6e6,
    hybridL: litres(truth.voyage.fuel.hybrid),
    conventionalL: litres(truth.voyage.fuel.conventional),
    batteryL: litres(truth.savings.batteryFuelEquivalent),
    savedL: litres(truth.savings.fuel),
    savedFraction: truth.savings.fraction,
    shoreKWh: e.sources.shore / KWH,
    batteryChangeKWh: (truth.voyage.battery.energyArrival - truth.voyage.battery.energyDeparture) / KWH,
    fuelOnlySavedFraction: truth.savings.fuelOnlyFraction,
    harvestKWh: harvest / KWH,
    harvestShare: harvest / supplied,
    byPhase,
    hybridSfoc: (truth.fuel.hybrid * 3.6e9) / generated,
    twinMainSfoc: (truth.fuel.conventionalMainEngine * 3.6e9) / e.conventional.mainEngine,
    twinAuxSfoc: e.conventional.auxiliary > 0 ? (truth.fuel.conventionalAuxiliary * 3.6e9) / e.conventional.auxiliary : 0,
    twinMainLoad: atSea > 0 ? e.conventional.mainEngine / atSea / main.ratedPower : 0,
    silentHoursAtSea: truth.silentSecondsAtSea / 3600,
    conservationError: Math.abs(supplied - used) / used,
  };
}

export interface Spread { mean: number; min: number; max: number }

const spread = (xs: readonly number[]): Spread => ({
  mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs),
});

export interface MetierSurvey {
  vessel: string;
  metier: string;
  trips: TripFigures[];
  savedFraction: Spread;
  savedL: Spread;
  fuelOnlySavedFraction: Spread;
}

/** The first trip of each seed, started at `start` (the season and the sun follow the date), summarised. */
export function surveyMetier(profile: VesselProfile, metier: string, seeds: readonly number[], start: number): MetierSurvey {
  const trips = seeds.map((seed) => tripFigures(profile, simulateTrip(profile, metier, seed, start)));
  return {
    vessel: profile.identity.id, metier, trips,
    savedFraction: spread(trips.map((t) => t.savedFraction)),
    savedL: spread(trips.map((t) => t.savedL)),
    fuelOnlySavedFraction: spread(trips.map((t) => t.fuelOnlySavedFraction)),
  };
}

/** Mean of one figure over a survey's trips. */
export const meanOf = (s: MetierSurvey, f: (t: TripFigures) => number): number => spread(s.trips.map(f)).mean;
