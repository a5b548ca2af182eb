import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SIGNALS } from '../../shared/registry/index.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import { maySeeVessel } from '../security/web-access.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { HttpError } from './errors.ts';
import { fleetOverview } from './fleet-overview.ts';
import { instantSchema } from './time-params.ts';

const eventsQuery = z.object({
  vessel: vesselIdSchema.optional().describe('vessel id, e.g. fregate'),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  kind: z.string().regex(/^[a-z0-9.-]{1,64}$/, 'an event kind or its prefix, such as alarm.').optional().describe('kind or prefix, e.g. alarm.'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

/** The engineers' fleet overview, the edge's alarms and events with their history, and the signal registry. */
export const fleetRoutes: FastifyPluginAsyncZod<DashboardDeps> = async (app, deps) => {
  app.get('/api/fleet', {
    config: { access: 'engineer' },
    schema: { summary: 'Fleet overview: online, last seen, SOC, mode, phase, backlog, fuel saved today, open alarms', tags: ['fleet'] },
  }, async (request) => ({
    time: Date.now(),
    vessels: await fleetOverview(deps, request.principal, Date.now()),
  }));

  app.get('/api/events', {
    config: { access: 'engineer' },
    schema: { summary: 'Alarms and trip events from the edge, newest first, from the persisted history', tags: ['fleet'], querystring: eventsQuery },
  }, async (request) => {
    const q = request.query;
    const to = q.to ?? Date.now() + 86_400_000;
    const from = q.from ?? 0;
    if (to <= from) throw new HttpError(400, '`to` must be after `from`', { from, to });
    const events = deps.events.find({ vessel: q.vessel, from, to, kind: q.kind, limit: q.limit });
    return { events: events.filter((e) => maySeeVessel(request.principal, e.vessel)) };
  });

  app.get('/api/signals', {
    config: { access: 'skipper' },
    schema: { summary: 'The signal registry: path patterns, SI units, physical ranges, resolution', tags: ['fleet'] },
  }, async () => ({
    signals: SIGNALS.map((s) => ({
      pattern: s.pattern, unit: s.unit, min: s.min, max: s.max, resolution: s.resolution, description: s.description,
      ...(s.labels ? { labels: s.labels } : {}),
    })),
  }));
};
