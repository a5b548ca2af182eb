import { fitMeasuredBaseline, fuelLitres, measuredSavings, type Interval } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselConfig } from '../config.ts';
import type { StoredTrip, TripRepository } from './trip-repository.ts';

type Reference = NonNullable<VesselConfig['conventionalReference']>;

const scale = (i: Interval, k: number): Interval => ({ value: i.value * k, low: i.low * k, high: i.high * k });

/**
 * IPMVP option C for one vessel (METHOD §3): the measured baseline fitted on the trips of its conventional reference
 * period, its Guideline 14 statistics, and, when accepted, the savings of the reporting trips against it.
 * The hours of the reference trips are conventional operation: their metered fuel is the conventional fuel.
 */
export function measuredBaselineOf(
  trips: TripRepository, vessel: { id: VesselId; conventionalReference?: Reference; profile?: VesselConfig['profile'] }, reporting: readonly StoredTrip[],
) {
  const ref = vessel.conventionalReference;
  if (!ref) return { available: false as const, reason: 'no conventional reference period is configured for this vessel' };
  const from = Date.parse(ref.from);
  const to = Date.parse(ref.to);
  // An excluded trip (silent meter, clock jumps) would teach the fit its faults.
  const reference = trips.find({ vessel: vessel.id, from, to }).filter((t) => t.end <= to && t.savings?.included === true);
  const fit = fitMeasuredBaseline(reference.flatMap((t) => t.record.hours.map((hour) => ({ hour, fuelKg: hour.fuel }))));
  const basis = {
    reference: { from: ref.from, to: ref.to, trips: reference.length },
    fit: { n: fit.n, p: fit.p, cvRmse: fit.cvRmse, nmbe: fit.nmbe, rho: fit.rho, nPrime: fit.nPrime, accepted: fit.accepted, reason: fit.reason },
  };
  if (!fit.accepted) return { available: false as const, reason: fit.reason, ...basis };
  const reported = reporting.filter((t) => t.vessel === vessel.id && t.savings?.included === true && (t.end <= from || t.start >= to));
  const hours = reported.flatMap((t) => t.record.hours).filter((h) => h.coveredSeconds > 0);
  const actualKg = hours.reduce((s, h) => s + h.fuel, 0);
  const s = measuredSavings(fit, hours, actualKg);
  const density = vessel.profile?.fuel.density;
  return {
    available: true as const, ...basis,
    savings: s && {
      trips: reported.length, hours: s.m, actualKg, baselineKg: s.baselineKg, savedKg: s.savedKg,
      savedL: density === undefined ? null : scale(s.savedKg, fuelLitres(1, density)),
      fraction: s.fraction, fsu68: s.fsu68,
    },
  };
}
