import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metierCodeSchema } from '../../shared/profile/index.ts';
import { aggregateSavings, type TripSavings } from '../../shared/savings/index.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { controlBaselineOf } from '../analytics/control-baseline.ts';
import { measuredBaselineOf, measuredTripSavings } from '../analytics/measured-baseline.ts';
import type { StoredTrip, TripRepository } from '../analytics/trip-repository.ts';
import type { VesselConfig } from '../config.ts';
import { maySeeVessel } from '../security/web-access.ts';
import { HttpError } from './errors.ts';
import { instantSchema } from './time-params.ts';

export interface TripRoutesDeps {
  trips: TripRepository;
  /** The declared vessels: their conventional reference periods give the measured baseline, their control vessels the control baseline. */
  vessels: readonly Pick<VesselConfig, 'id' | 'profile' | 'conventionalReference' | 'conventionalProfile' | 'controlVessel'>[];
}

const vesselParams = z.object({ id: vesselIdSchema.describe('vessel id, e.g. fregate') });
const tripParams = z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}-\d{1,15}$/, 'a trip id as listed by /api/vessels/{id}/trips') });
const savingsQuery = z.object({
  vessel: vesselIdSchema.optional().describe('vessel id, e.g. fregate'),
  metier: metierCodeSchema.optional().describe('DCF gear code: OTB, OTM, OTT, SDN…'),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
});

/** A trip as listed: when, where it stands, its headline figures with their intervals (never a bare percentage). */
function summary(t: StoredTrip) {
  const s = t.savings;
  return {
    id: t.id, vessel: t.vessel, start: new Date(t.start).toISOString(), end: new Date(t.end).toISOString(),
    departure: t.record.departure === null ? null : new Date(t.record.departure).toISOString(),
    arrival: t.record.arrival === null ? null : new Date(t.record.arrival).toISOString(),
    status: t.status, metier: t.metier,
    included: s?.included ?? false, coverage: s?.coverage ?? null,
    fuel: s ? { actualL: s.fuel.actualL, baselineL: s.fuel.baselineL, savedL: s.fuel.savedL, fraction: s.fuel.fraction } : null,
    co2e: s ? s.co2e.savedKg : null,
    reasons: s?.reasons ?? [],
    // Savings stored before reasons had codes carry none: the pages then show the English as it was written.
    reasonCodes: s ? s.reasonCodes ?? null : [],
  };
}

/** Trips, their evidence and aggregated savings: `/api/vessels/{id}/trips`, `/api/trips/{id}`, `/api/savings`. */
export const tripRoutes: FastifyPluginAsyncZod<TripRoutesDeps> = async (app, { trips, vessels }) => {
  app.get('/api/vessels/:id/trips', {
    config: { access: 'reviewer' },
    schema: { summary: 'Trips of a vessel with headline fuel and savings figures', tags: ['trips'], params: vesselParams },
  }, async (request) => {
    const { id } = request.params;
    if (!maySeeVessel(request.principal, id)) throw new HttpError(404, 'unknown vessel', id);
    return { vessel: id, trips: trips.forVessel(id).map(summary) };
  });

  app.get('/api/trips/:id', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'One trip: phases, energy by phase and source, coverage, comfort, savings with intervals (option D; option C as measuredSavings when the vessel has an accepted measured baseline)',
      tags: ['trips'], params: tripParams,
    },
  }, async (request) => {
    const { id } = request.params;
    const t = trips.get(id);
    if (!t || !maySeeVessel(request.principal, t.vessel)) throw new HttpError(404, 'unknown trip', id);
    const r = t.record;
    return {
      ...summary(t),
      phases: r.phases.map((p) => ({ phase: p.phase, start: new Date(p.start).toISOString(), end: new Date(p.end).toISOString() })),
      energyByPhase: r.byPhase,
      coverage: r.coverage,
      comfort: {
        silentHoursAtSea: r.comfort.silentSecondsAtSea / 3600,
        wheelhouseNoise: Object.fromEntries(Object.entries(r.comfort.noise).map(([mode, n]) => [mode, {
          hours: n.seconds / 3600, leqDbA: n.seconds > 0 ? 10 * Math.log10(n.powerSum / n.seconds) : null,
        }])),
      },
      savings: t.savings,
      // Option C beside option D when the vessel's measured baseline meets Guideline 14; /api/savings says why not otherwise.
      measuredSavings: measuredTripSavings(trips, vessels, [t]).get(t.id) ?? null,
    };
  });

  app.get('/api/savings', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'Savings aggregated over trips, in total and by métier, with 95 % intervals; measuredBaseline: per vessel with a conventional reference period, its Guideline 14 fit and option-C savings; controlBaseline: per hybrid with a control vessel, the control baseline over the same weeks',
      tags: ['savings'], querystring: savingsQuery,
    },
  }, async (request) => {
    const q = request.query;
    const from = q.from ?? 0;
    const to = q.to ?? Date.now() + 86_400_000;
    if (to <= from) throw new HttpError(400, '`to` must be after `from`', { from, to });
    const found = trips.find({ vessel: q.vessel, metier: q.metier, from, to }).filter((t) => maySeeVessel(request.principal, t.vessel));
    const withSavings = found.filter((t): t is StoredTrip & { savings: TripSavings } => t.savings !== null);
    const byMetier = new Map<string, TripSavings[]>();
    for (const t of withSavings) {
      const key = t.metier ?? 'unknown';
      byMetier.set(key, [...(byMetier.get(key) ?? []), t.savings]);
    }
    return {
      vessel: q.vessel ?? null, metier: q.metier ?? null,
      from: new Date(from).toISOString(), to: new Date(to).toISOString(),
      baseline: 'model (IPMVP option D): the conventional twin of the vessel profile; 95 % intervals; measured (option C) beside it',
      total: aggregateSavings(withSavings.map((t) => t.savings)),
      byMetier: Object.fromEntries([...byMetier].map(([m, s]) => [m, aggregateSavings(s)])),
      // Option C, per vessel: each has its own reference period, and its fit serves only its own trips.
      measuredBaseline: Object.fromEntries(vessels
        .filter((v) => (q.vessel === undefined || v.id === q.vessel) && maySeeVessel(request.principal, v.id))
        .map((v) => [v.id, measuredBaselineOf(trips, v, found)])),
      // The third baseline, per hybrid that names a control vessel the requester may also see.
      controlBaseline: Object.fromEntries(vessels
        .filter((v) => v.controlVessel !== undefined && (q.vessel === undefined || v.id === q.vessel)
          && maySeeVessel(request.principal, v.id) && maySeeVessel(request.principal, v.controlVessel))
        .map((v) => [v.id, controlBaselineOf(trips, vessels, v.id, found)])),
      trips: found.map(summary),
    };
  });
};
