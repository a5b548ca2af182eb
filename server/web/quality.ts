import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SignalPath } from '../../shared/registry/index.ts';
import { vesselIdSchema, type VesselId } from '../../shared/wire/ids.ts';
import { clockSkewMs } from '../fleet/vessel-directory.ts';
import { maySeeVessel } from '../security/web-access.ts';
import { isOnline } from './api.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { HttpError } from './errors.ts';
import { signalGaps } from './signal-gaps.ts';
import { effectiveStep, instantSchema } from './time-params.ts';

const qualityQuery = z.object({
  vessel: vesselIdSchema.optional().describe('vessel id, e.g. fregate'),
  from: instantSchema.optional().describe('ISO 8601 or epoch ms; default 24 h before to'),
  to: instantSchema.optional().describe('ISO 8601 or epoch ms; default now'),
});

const DAY_MS = 86_400_000;
const GAPS_LISTED = 20;

async function counterValues(counter: { get(): Promise<{ values: { value: number; labels: Partial<Record<string, string | number>> }[] }> }) {
  return (await counter.get()).values;
}

/**
 * Data quality for the engineers: per signal, its gaps over a window (by the store's own downsampling, so a
 * season costs no more than a day); per vessel, last ingest, backlog on board and clock skew; fleet-wide, the
 * rejections by reason since start (Prometheus counters), duplicates dropped and the dead letters kept, each
 * recent one with the id an admin replays it by and when it was replayed (`replayedAt`).
 */
export const qualityRoutes: FastifyPluginAsyncZod<DashboardDeps> = async (app, deps) => {
  const { store, directory, deadLetters, metrics } = deps;

  async function vesselQuality(id: VesselId, from: number, to: number, now: number) {
    const v = directory.entry(id);
    const paths = Object.keys(await store.latest(id)).sort() as SignalPath[];
    const stepMs = effectiveStep(from, to);
    const bucketFrom = Math.floor(from / stepMs) * stepMs;
    const series = paths.length === 0 ? {} : await store.series({ vessel: id, paths, from: bucketFrom, to, stepMs });
    const filled = paths.map((p) => (series[p] ?? []).filter((x) => x.count > 0));
    const firsts = filled.flatMap((f) => (f.length ? [f[0]!.t] : []));
    const lasts = filled.flatMap((f) => (f.length ? [f.at(-1)!.t + stepMs] : []));
    // The vessel's own span in the window: before its first data or after its last, a signal is not "missing".
    const span = firsts.length ? { from: Math.min(...firsts), to: Math.min(to, Math.max(...lasts)) } : null;
    return {
      id, name: v.name, online: isOnline(v, now),
      lastIngest: v.lastIngest ?? null,
      lastSample: v.lastSampleT ?? null,
      backlog: v.status?.backlog ?? null,
      clockSkewMs: clockSkewMs(v) ?? null,
      statusReceived: v.statusReceived ?? null,
      span,
      step: stepMs,
      signals: paths.map((path, k) => {
        const points = filled[k]!;
        const g = span ? signalGaps(points.map((x) => x.t), span, stepMs) : { gaps: [], missingMs: 0, coverage: 0 };
        return {
          path,
          values: points.reduce((s, x) => s + x.count, 0),
          coverage: g.coverage,
          gapCount: g.gaps.length,
          missingMs: g.missingMs,
          longestGapMs: g.gaps.reduce((m, x) => Math.max(m, x.to - x.from), 0),
          gaps: g.gaps.slice(0, GAPS_LISTED),
        };
      }),
    };
  }

  app.get('/api/quality', {
    config: { access: 'engineer' },
    schema: {
      summary: 'Data quality: gaps per signal, rejections by reason, dead letters, duplicates, backlog, clock skew, last ingest',
      tags: ['quality'], querystring: qualityQuery,
    },
  }, async (request) => {
    const q = request.query;
    const now = Date.now();
    const to = q.to ?? now;
    const from = q.from ?? to - DAY_MS;
    if (to <= from) throw new HttpError(400, '`to` must be after `from`', { from, to });
    for (const id of await store.vessels()) directory.entry(id);
    const ids = directory.all().map((v) => v.id).filter((id) => (q.vessel === undefined || id === q.vessel) && maySeeVessel(request.principal, id));
    const visible = (vessel: string | null) => vessel === null || maySeeVessel(request.principal, vessel);
    return {
      from, to,
      rejectedSinceStart: Object.fromEntries((await counterValues(metrics.rejects)).map((x) => [String(x.labels.reason), x.value])),
      duplicateBatchesDropped: (await counterValues(metrics.duplicates)).reduce((s, x) => s + x.value, 0),
      deadLetters: {
        kept: deadLetters.counts().filter((c) => visible(c.vessel)),
        recent: deadLetters.recent(50).filter((d) => visible(d.vessel)).map((d) => ({ ...d, item: d.item.slice(0, 500) })),
      },
      vessels: await Promise.all(ids.map((id) => vesselQuality(id, from, to, now))),
    };
  });
};
