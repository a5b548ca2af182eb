import { tripSavings, type TripRecord } from '../../../shared/savings/index.ts';
import type { VesselId } from '../../../shared/wire/ids.ts';
import type { TripRepository } from '../../../server/analytics/trip-repository.ts';
import { profile, simulateTrip, START } from '../../shared/savings/simulated-trips.ts';

const DAY = 86_400_000;

export interface SimulatedSeason {
  /** Every trip, two days apart from START: the reference period's first, conventional, then the reporting ones. */
  trips: { record: TripRecord; conventional: boolean }[];
  /** The conventional reference period as a shore config declares it: it holds exactly the conventional trips. */
  reference: { from: string; to: string };
  /** What the reporting trips truly saved against the conventional twin, kg (the simulator's truth). */
  trueSavedKg: number;
}

/**
 * La Frégate before and after her refit, simulated straight into the analyzer: during the reference period she ran
 * conventionally, so her meters read what the conventional twin burnt, hour by hour; the later trips are hybrid.
 */
export function simulateSeason(o: { reference: number; reporting: number }): SimulatedSeason {
  const metiers = profile.metiers.map((m) => m.code);
  const trips: SimulatedSeason['trips'] = [];
  let trueSavedKg = 0;
  for (let k = 0; k < o.reference + o.reporting; k++) {
    const t = simulateTrip({ metier: metiers[k % metiers.length]!, seed: 2000 + k, start: START + k * 2 * DAY });
    const conventional = k < o.reference;
    const record = conventional
      ? { ...t.record, hours: t.record.hours.map((h) => ({ ...h, fuel: t.conventionalByHour.get(h.start) ?? 0 })) }
      : t.record;
    trips.push({ record, conventional });
    if (!conventional) trueSavedKg += t.truth.fuel.conventional - t.truth.fuel.hybrid;
  }
  return {
    trips,
    reference: { from: new Date(START - 3_600_000).toISOString(), to: new Date(START + o.reference * 2 * DAY).toISOString() },
    trueSavedKg,
  };
}

/**
 * Stores a season's trips and their option-D savings for a vessel, as the shore's analytics would. `referenceMeter`
 * gives what the fuel meter read in each hour of the reference period (the twin's fuel by default): a faulty one
 * makes a measured baseline that Guideline 14 refuses.
 */
export function saveSeason(
  trips: TripRepository, vessel: VesselId, season: SimulatedSeason, referenceMeter: (fuelKg: number, hour: number) => number = (kg) => kg,
): void {
  for (const { record, conventional } of season.trips) {
    const read = conventional ? { ...record, hours: record.hours.map((h, k) => ({ ...h, fuel: referenceMeter(h.fuel, k) })) } : record;
    trips.save(vessel, read, tripSavings(profile, read, { draws: 100 }), Date.now());
  }
}
