import { controlComparisons, SAVINGS_DEFAULTS, type ControlComparison, type TripRecord, type TripSavings } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselConfig } from '../config.ts';
import type { StoredTrip, TripRepository } from './trip-repository.ts';

/** A declared vessel as the control baseline reads it: a hybrid naming its control, or the control itself. */
export type ControlledVessel = Pick<VesselConfig, 'id' | 'profile' | 'conventionalProfile' | 'controlVessel'>;

/** The control baseline of one hybrid over the weeks of the trips in scope (METHOD §3), as the report and /api/savings give it. */
export interface ControlBaseline {
  hybrid: VesselId;
  control: VesselId;
  /** Monday 00:00 UTC of the first hybrid trip's week to the Monday after its last one's: the weeks compared. */
  weeks: { from: string; to: string };
  method: string;
  /** Trips compared; a trip under way, or with less than the savings' minimum coverage at sea, is left out. */
  hybridTrips: number;
  controlTrips: number;
  /** One per métier both vessels fished in those weeks: fuel per hour of each phase and what it comes to at the hybrid's speeds, the expected conventional fuel and the saving, kg, with 95 % intervals. */
  byMetier: ControlComparison[];
}

export const CONTROL_METHOD = 'control vessel (third baseline, METHOD §3): its fuel rate in each phase and métier over the same weeks, '
  + "a line in the declared calm-water power at its speed, priced over the hybrid's hours in that phase at the hybrid's speeds; "
  + "95 % interval by bootstrap over trips with both vessels' fuel meters and speed logs drawn within their tolerance";

const WEEK = 7 * 86_400_000;
/** 1970-01-01 was a Thursday: Mondays fall 4 days into the epoch's weeks. */
const MONDAY = 4 * 86_400_000;
const weekStart = (t: number) => Math.floor((t - MONDAY) / WEEK) * WEEK + MONDAY;

const voyage = (r: TripRecord) => r.departure !== null && r.arrival !== null && r.status !== 'under-way';
const covered = (r: TripRecord) => r.coverage.atSeaSeconds > 0 && r.coverage.atSeaCoveredSeconds / r.coverage.atSeaSeconds >= SAVINGS_DEFAULTS.minCoverage;

/**
 * The control baseline of a hybrid over the trips in scope: null when it names no control vessel or none of its
 * trips in scope is a complete voyage. Read afresh on each request from the stored trips of both vessels.
 */
export function controlBaselineOf(trips: TripRepository, vessels: readonly ControlledVessel[], hybridId: VesselId, inScope: readonly StoredTrip[]): ControlBaseline | null {
  const hybrid = vessels.find((v) => v.id === hybridId);
  const control = vessels.find((v) => v.id === hybrid?.controlVessel);
  if (!hybrid?.profile || !control?.conventionalProfile) return null;
  const own = inScope.filter((t): t is StoredTrip & { savings: TripSavings } => t.vessel === hybridId && t.savings !== null && t.savings.included && voyage(t.record));
  if (own.length === 0) return null;
  const from = weekStart(Math.min(...own.map((t) => t.start)));
  const to = weekStart(Math.max(...own.map((t) => t.end))) + WEEK;
  const density = hybrid.profile.fuel.density;
  const controlTrips = trips.find({ vessel: control.id, from, to }).filter((t) => voyage(t.record) && covered(t.record));
  const byMetier = controlComparisons(
    own.map((t) => ({ record: t.record, metier: t.metier, fuelKg: t.savings.fuel.actualKg + (t.savings.battery.fuelEquivalentL * density) / 1000 })),
    controlTrips.map((t) => ({ record: t.record, metier: t.metier })),
    {
      profile: control.conventionalProfile, controlFuelMeter: control.conventionalProfile.uncertainty.fuelMeter, hybridFuelMeter: hybrid.profile.uncertainty.fuelMeter,
      controlSpeedLog: control.conventionalProfile.uncertainty.speedLog, hybridSpeedLog: hybrid.profile.uncertainty.speedLog,
    },
  );
  return {
    hybrid: hybridId, control: control.id, weeks: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    method: CONTROL_METHOD, hybridTrips: own.length, controlTrips: controlTrips.length, byMetier,
  };
}

/**
 * The control vessel's telemetry a control baseline was computed from, [from, to) epoch ms: its trips start in the
 * weeks compared and the last may end after them (the window reaches one past its last sample). Every trip counts,
 * those left out too: a corrected value may bring one back in.
 */
export function controlDataWindow(trips: TripRepository, c: ControlBaseline): { from: number; to: number } {
  const from = Date.parse(c.weeks.from);
  const to = Date.parse(c.weeks.to);
  return { from, to: Math.max(to, ...trips.find({ vessel: c.control, from, to }).map((t) => t.end + 1)) };
}
