import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isSignalPath, lookupSignal, type SignalPath } from '../../shared/registry/index.ts';
import { vesselIdSchema } from '../../shared/wire/ids.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { csvDialect } from '../i18n/csv-dialect.ts';
import { langSchema, negotiateLang } from '../i18n/locale.ts';
import { HttpError } from './errors.ts';
import { durationSchema, effectiveStep, instantSchema } from './time-params.ts';

const params = z.object({ id: vesselIdSchema.describe('vessel id, e.g. fregate') });
const query = z.object({
  paths: z.string().max(8192).transform((s) => [...new Set(s.split(',').filter(Boolean))])
    .pipe(z.array(z.string().refine(isSignalPath, { message: 'unknown signal path' })).min(1).max(64))
    .describe('comma-separated signal paths'),
  from: instantSchema,
  to: instantSchema.optional().describe('ISO 8601 or epoch ms; default now'),
  step: durationSchema.optional().describe('bucket duration, the same rule as /series'),
  lang: langSchema.optional().describe('fr: `;` between cells, decimal comma, UTF-8 byte-order mark (French spreadsheets); en: `,` and `.`; default from Accept-Language, else fr'),
});

/**
 * A chart's data as CSV: the same buckets `/series` gives (same step rule, same store query), one row per bucket
 * time, mean/min/max/count per signal, SI units named in the header.
 */
export const seriesExportRoutes: FastifyPluginAsyncZod<DashboardDeps> = async (app, { store }) => {
  app.get('/api/vessels/:id/series.csv', {
    config: { access: 'skipper' },
    schema: {
      summary: 'The same buckets as /series, as CSV (SI units in the header)', tags: ['vessels'], produces: ['text/csv'],
      params, querystring: query,
    },
  }, async (request, reply) => {
    const { id } = request.params;
    const q = request.query;
    const paths = q.paths as SignalPath[];
    const to = q.to ?? Date.now();
    if (to <= q.from) throw new HttpError(400, '`to` must be after `from`', { from: q.from, to });
    const stepMs = effectiveStep(q.from, to, q.step);
    const from = Math.floor(q.from / stepMs) * stepMs;
    const series = await store.series({ vessel: id, paths, from, to, stepMs });
    const rows = new Map<number, Map<SignalPath, { mean: number; min: number; max: number; count: number }>>();
    for (const p of paths) for (const x of series[p] ?? []) {
      let row = rows.get(x.t);
      if (!row) rows.set(x.t, (row = new Map()));
      row.set(p, x);
    }
    const header = ['time_utc', 'epoch_ms', ...paths.flatMap((p) => {
      const unit = lookupSignal(p)!.unit;
      return ['mean', 'min', 'max', 'count'].map((stat) => `${p}.${stat}${stat === 'count' ? '' : ` [${unit}]`}`);
    })];
    const csv = csvDialect(q.lang ?? negotiateLang(request.headers['accept-language']));
    const lines = [csv.row(header)];
    for (const t of [...rows.keys()].sort((a, b) => a - b)) {
      const row = rows.get(t)!;
      const cells: (string | number)[] = [new Date(t).toISOString(), t];
      for (const p of paths) {
        const x = row.get(p);
        cells.push(...(x ? [x.mean, x.min, x.max, x.count] : ['', '', '', '']));
      }
      lines.push(csv.row(cells));
    }
    reply.type('text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${id}-${new Date(from).toISOString().replace(/[:.]/g, '')}-${stepMs / 1000}s.csv"`);
    return `${csv.bom}${lines.join('\n')}\n`;
  });
};
