import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isSignalPath, type SignalPath } from '../../shared/registry/index.ts';
import { vesselIdSchema, type VesselId } from '../../shared/wire/ids.ts';
import type { VesselDirectory, VesselState } from '../fleet/vessel-directory.ts';
import { maySeeVessel } from '../security/web-access.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import { HttpError } from './errors.ts';
import { durationSchema, effectiveStep, instantSchema } from './time-params.ts';

export interface ApiDeps {
  store: TimeSeriesStore;
  directory: VesselDirectory;
  version: string;
}

/** The values a fleet overview shows beside each vessel. */
const KEY_PATHS = [
  'electrical.batteries.main.capacity.stateOfCharge',
  'electrical.batteries.main.power',
  'propulsion.main.power',
  'navigation.speedOverGround',
  'fishing.gear.state',
] as SignalPath[];

const ONLINE_WITHIN_MS = 2 * 60 * 1000;

/** Online per the vessel's own status message (retained, and its last will); without one, by recent telemetry. */
export function isOnline(v: VesselState, now: number): boolean {
  return v.status ? v.status.state === 'online' : v.lastIngest !== undefined && now - v.lastIngest < ONLINE_WITHIN_MS;
}

const vesselParams = z.object({ id: vesselIdSchema.describe('vessel id, e.g. fregate') });
const pathListSchema = z
  .string()
  .max(8192)
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.string().refine(isSignalPath, { message: 'unknown signal path' })).min(1).max(64))
  .transform((paths) => [...new Set(paths)] as SignalPath[])
  .describe('comma-separated signal paths');
const seriesQuery = z.object({
  paths: pathListSchema,
  from: instantSchema,
  to: instantSchema.optional().describe('ISO 8601 or epoch ms; default now'),
  step: durationSchema.optional().describe('bucket: 60000, 10s, 5m, 1h, 1d (widened to keep ≤ 5000 buckets; from a minute up, rounded up to whole minutes, served from the roll-ups; without it, about 1000 buckets of whole 1 min, 10 min or 1 h roll-up buckets)'),
});

export const api: FastifyPluginAsyncZod<ApiDeps> = async (app, { store, directory, version }) => {
  /** A chart's JSON answer, by the store's chart object it was made from. */
  const answers = new WeakMap<object, string>();
  // A vessel found in the store joins the directory, as the fleet list has it do: otherwise every chart of a vessel
  // that has not connected since shore started asks the store for its vessels, a query on a busy InfluxDB.
  const known = async (id: VesselId): Promise<void> => {
    if (directory.get(id)) return;
    if (!(await store.vessels()).includes(id)) throw new HttpError(404, 'unknown vessel', id);
    directory.entry(id);
  };

  app.get('/api/health', {
    config: { access: 'public' },
    schema: { summary: 'Liveness, software version and store kind', tags: ['system'] },
  }, async () => ({ status: 'ok', version, store: store.kind, time: new Date().toISOString() }));

  app.get('/api/vessels', {
    config: { access: 'skipper' },
    schema: { summary: 'Every vessel: online, last seen, backlog, latest key values', tags: ['vessels'] },
  }, async (request) => {
    for (const id of await store.vessels()) directory.entry(id);
    const now = Date.now();
    return Promise.all(directory.all().filter((v) => maySeeVessel(request.principal, v.id)).map(async (v) => {
      const latest = await store.latest(v.id);
      const online = isOnline(v, now);
      return {
        id: v.id,
        name: v.name,
        online,
        lastSeen: v.lastIngest ? new Date(v.lastIngest).toISOString() : null,
        lastSample: v.lastSampleT ? new Date(v.lastSampleT).toISOString() : null,
        backlog: v.status?.backlog ?? null,
        latest: Object.fromEntries(KEY_PATHS.filter((p) => latest[p]).map((p) => [p, latest[p]!.v])),
      };
    }));
  });

  app.get('/api/vessels/:id/latest', {
    config: { access: 'skipper' },
    schema: { summary: 'Newest value of every signal of a vessel', tags: ['vessels'], params: vesselParams },
  }, async (request) => {
    const { id } = request.params;
    await known(id);
    return { vessel: id, values: await store.latest(id) };
  });

  app.get('/api/vessels/:id/series', {
    config: { access: 'skipper' },
    schema: {
      summary: 'Signals over a range, downsampled on the server (mean, min, max, count per bucket; at most 5000 buckets)',
      tags: ['vessels'], params: vesselParams, querystring: seriesQuery,
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const q = request.query;
    const to = q.to ?? Date.now();
    if (to <= q.from) throw new HttpError(400, '`to` must be after `from`', { from: q.from, to });
    await known(id);
    const stepMs = effectiveStep(q.from, to, q.step);
    const from = Math.floor(q.from / stepMs) * stepMs;
    const series = await store.series({ vessel: id, paths: q.paths, from, to, stepMs });
    // The store gives the very same object for the same query while its data stands (a chart of settled hours),
    // and everything else in the answer comes from that query: its JSON is made once.
    let body = answers.get(series);
    if (body === undefined) {
      body = JSON.stringify({
        vessel: id,
        from,
        to,
        step: stepMs,
        series: Object.fromEntries(q.paths.map((p) => {
          const points = series[p] ?? [];
          return [p, {
            t: points.map((x) => x.t),
            mean: points.map((x) => x.mean),
            min: points.map((x) => x.min),
            max: points.map((x) => x.max),
            count: points.map((x) => x.count),
          }];
        })),
      });
      answers.set(series, body);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });
};
