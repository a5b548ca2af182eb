import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { buildReport, ReportError } from '../reports/build-report.ts';
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName } from '../reports/report-files.ts';
import { reportRequestSchema } from '../reports/report-request.ts';
import { maySeeVessel } from '../security/web-access.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { HttpError } from './errors.ts';

const formatQuery = z.object({ format: z.enum(REPORT_FORMATS).default('json'), download: z.enum(['0', '1']).default('0') });

/** `/api/reports`: the working group's evidence, for a trip, a métier or a period, as JSON, CSV or printable HTML. */
export const reportRoutes: FastifyPluginAsync<DashboardDeps> = async (app, deps) => {
  const profiles = new Map<string, VesselProfile>(deps.vessels.flatMap((v) => (v.profile ? [[v.id, v.profile] as const] : [])));
  const references = new Map(deps.vessels.flatMap((v) => (v.conventionalReference ? [[v.id, v.conventionalReference] as const] : [])));
  app.get('/api/reports', { config: { access: 'reviewer' } }, async (request, reply) => {
    const { format, download, ...rest } = request.query as Record<string, unknown>;
    const { format: f, download: d } = formatQuery.parse({ format, download });
    const wanted = reportRequestSchema.parse(rest);
    let report;
    try {
      report = await buildReport(wanted, {
        trips: deps.trips, store: deps.store, profiles, references, version: deps.version, digests: deps.reportDigests, maySee: (v) => maySeeVessel(request.principal, v),
      });
    } catch (err) {
      if (err instanceof ReportError) throw new HttpError(err.message.startsWith('unknown') ? 404 : 400, err.message, null);
      throw err;
    }
    reply.type(CONTENT_TYPES[f]);
    if (d === '1' || f === 'csv') reply.header('content-disposition', `attachment; filename="${reportFileName(report, f)}"`);
    return renderReport(report, f);
  });
};
