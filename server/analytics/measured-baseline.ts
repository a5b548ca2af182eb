import { DIESEL, fitMeasuredBaseline, fuelLitres, measuredSavings, reason, reasonsText, type Interval, type MeasuredFit } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselConfig } from '../config.ts';
import type { StoredTrip, TripRepository } from './trip-repository.ts';

export type ConventionalReference = NonNullable<VesselConfig['conventionalReference']>;
export type MeasuredVessel = { id: VesselId; conventionalReference?: ConventionalReference; profile?: VesselConfig['profile'] };

const scale = (i: Interval, k: number): Interval => ({ value: i.value * k, low: i.low * k, high: i.high * k });

/**
 * The telemetry window a reference period's trips were computed from, [from, to) epoch ms: its trips start in
 * [from, to) and end (their last sample) at `to` at the latest, so the half-open window reaches one past it.
 */
export function referenceWindow(ref: ConventionalReference): { from: number; to: number } {
  return { from: Date.parse(ref.from), to: Date.parse(ref.to) + 1 };
}

/**
 * The fit of a vessel's conventional reference period, made anew on each request rather than cached: on the six
 * reference trips of the tests (112 hours) it takes about 2 ms, reading the trips 1.6 ms of it; on a season's
 * reference of 102 trips (1904 hours) 35–60 ms, of which reading them is about 30 ms, as much as /api/savings spends
 * reading a season's trips anyway, and far less than a report spends digesting its telemetry. A cache would have to
 * follow both the data change log and the analytics catching up with it, for a few tens of milliseconds.
 */
function fitReference(trips: TripRepository, vessel: VesselId, ref: ConventionalReference) {
  const from = Date.parse(ref.from);
  const to = Date.parse(ref.to);
  // An excluded trip (silent meter, clock jumps) would teach the fit its faults.
  const reference = trips.find({ vessel, from, to }).filter((t) => t.end <= to && t.savings?.included === true);
  const fit = fitMeasuredBaseline(reference.flatMap((t) => t.record.hours.map((hour) => ({ hour, fuelKg: hour.fuel }))));
  return {
    fit,
    basis: {
      reference: { from: ref.from, to: ref.to, trips: reference.length },
      fit: { n: fit.n, p: fit.p, cvRmse: fit.cvRmse, nmbe: fit.nmbe, rho: fit.rho, nPrime: fit.nPrime, accepted: fit.accepted, reason: fit.reason, reasonCodes: fit.reasonCodes },
    },
  };
}

/** Whether a trip reports against the measured baseline: included, and not one of the reference period's own trips. */
function reports(t: StoredTrip, ref: ConventionalReference): boolean {
  return t.savings?.included === true && (t.end <= Date.parse(ref.from) || t.start >= Date.parse(ref.to));
}

/** Option-C savings of some reporting trips of one vessel against its accepted fit, in kg and, with the fuel's density, litres. */
function savingsOf(fit: MeasuredFit, reported: readonly StoredTrip[], density: number | undefined) {
  const hours = reported.flatMap((t) => t.record.hours).filter((h) => h.coveredSeconds > 0);
  // As the headline: the battery's change of charge over each trip valued as fuel (METHOD §5).
  const batteryKg = reported.reduce((s, t) => s + (t.savings?.battery.fuelEquivalentL ?? 0) * ((density ?? DIESEL.density) / 1000), 0);
  const actualKg = hours.reduce((s, h) => s + h.fuel, 0) + batteryKg;
  const s = measuredSavings(fit, hours, actualKg);
  return s && {
    trips: reported.length, hours: s.m, actualKg, baselineKg: s.baselineKg, savedKg: s.savedKg,
    savedL: density === undefined ? null : scale(s.savedKg, fuelLitres(1, density)),
    fraction: s.fraction, fsu68: s.fsu68,
  };
}

/**
 * IPMVP option C for one vessel (METHOD §3): the measured baseline fitted on the trips of its conventional reference
 * period, its Guideline 14 statistics, and, when accepted, the savings of the reporting trips against it.
 * The hours of the reference trips are conventional operation: their metered fuel is the conventional fuel.
 */
export function measuredBaselineOf(trips: TripRepository, vessel: MeasuredVessel, reporting: readonly StoredTrip[]) {
  const ref = vessel.conventionalReference;
  if (!ref) {
    const reasonCodes = [reason('measured.noReference')];
    return { available: false as const, reason: reasonsText(reasonCodes), reasonCodes };
  }
  const { fit, basis } = fitReference(trips, vessel.id, ref);
  if (!fit.accepted) return { available: false as const, reason: fit.reason, reasonCodes: fit.reasonCodes, ...basis };
  const reported = reporting.filter((t) => t.vessel === vessel.id && reports(t, ref));
  return { available: true as const, ...basis, savings: savingsOf(fit, reported, vessel.profile?.fuel.density) };
}

export type MeasuredBaseline = ReturnType<typeof measuredBaselineOf>;

/**
 * Option-C savings of each of some trips, by trip id, for the vessels with an accepted measured baseline: fitted
 * once per vessel. A trip that does not report against it (excluded, or in the reference period) has none.
 */
export function measuredTripSavings(trips: TripRepository, vessels: readonly MeasuredVessel[], of: readonly StoredTrip[]) {
  const byTrip = new Map<string, NonNullable<ReturnType<typeof savingsOf>>>();
  for (const v of vessels) {
    const ref = v.conventionalReference;
    const own = of.filter((t) => t.vessel === v.id);
    if (!ref || own.length === 0) continue;
    const { fit } = fitReference(trips, v.id, ref);
    if (!fit.accepted) continue;
    for (const t of own) {
      const s = reports(t, ref) ? savingsOf(fit, [t], v.profile?.fuel.density) : null;
      if (s) byTrip.set(t.id, s);
    }
  }
  return byTrip;
}
