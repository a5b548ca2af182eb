import { fitLogbookBaseline, logbookSaving, logbookTripOf, predictConventionalFuel, reason, reasonsText, type LogbookTrip } from '../../shared/savings/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { StoredTrip } from '../analytics/trip-repository.ts';
import type { LogbookStore } from './logbook-store.ts';

/**
 * Option C on the conventional vessel's own records (METHOD §3): the fit of a vessel's imported logbook, its
 * statistics at the logbook's resolution, and, when accepted, the reporting trips' conventional fuel predicted from
 * it with the saving against what the hybrid measurably burnt (the battery's change valued as fuel, as the headline).
 * Only trips after the logbook's last record report against it: the logbook is the vessel before its refit.
 */
export function logbookBaselineOf(store: LogbookStore, vessel: VesselId, reporting: readonly StoredTrip[]) {
  const sources = store.sources(vessel);
  if (sources.length === 0) {
    const reasonCodes = [reason('logbook.none')];
    return { available: false as const, reason: reasonsText(reasonCodes), reasonCodes };
  }
  const fit = fitLogbookBaseline(sources);
  const records = sources.flatMap((s) => s.records);
  const basis = {
    files: sources.length, records: records.length, rejectedRows: sources.reduce((s, f) => s + f.rejectedLines.length, 0),
    period: { from: new Date(Math.min(...records.map((r) => r.departure))).toISOString(), to: new Date(Math.max(...records.map((r) => r.arrival))).toISOString() },
    fit: {
      resolution: fit.resolution, units: fit.n, records: fit.records, p: fit.p, regressors: fit.model,
      cvRmse: fit.cvRmse, nmbe: fit.nmbe, r2: fit.r2, rho: fit.rho, nPrime: fit.nPrime, leftOut: fit.leftOut, accepted: fit.accepted, reason: fit.reason, reasonCodes: fit.reasonCodes,
    },
  };
  if (!fit.accepted) return { available: false as const, reason: fit.reason, reasonCodes: fit.reasonCodes, ...basis };
  const lastRecord = Math.max(...records.map((r) => r.arrival));
  const after = reporting.filter((t) => t.vessel === vessel && t.savings?.included === true && t.start >= lastRecord);
  const trips: { trip: LogbookTrip; actualL: number }[] = [];
  const notPredicted: string[] = [];
  for (const t of after) {
    const trip = t.metier ? logbookTripOf(t.record, t.metier) : null;
    if (!trip) { notPredicted.push(`${t.id}: no métier or no departure and arrival`); continue; }
    const alone = predictConventionalFuel(fit, [trip]);
    if ('unknown' in alone) { notPredicted.push(`${t.id}: ${alone.unknown}`); continue; }
    trips.push({ trip, actualL: t.savings!.fuel.actualL + t.savings!.battery.fuelEquivalentL });
  }
  if (trips.length === 0) return { available: true as const, ...basis, notPredicted, savings: null };
  const prediction = predictConventionalFuel(fit, trips.map((t) => t.trip));
  if ('unknown' in prediction) return { available: false as const, reason: prediction.unknown, reasonCodes: prediction.unknownCodes, ...basis };
  const actualL = trips.reduce((s, t) => s + t.actualL, 0);
  return {
    available: true as const, ...basis, notPredicted,
    savings: { trips: trips.length, conventionalL: prediction.conventionalL, actualL, ...logbookSaving(prediction, actualL) },
  };
}

export type LogbookBaseline = ReturnType<typeof logbookBaselineOf>;
