import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { langSchema, negotiateLang } from '../i18n/locale.ts';
import { buildReport, ReportError } from '../reports/build-report.ts';
import { CONTENT_TYPES, REPORT_FORMATS, renderReport, reportFileName } from '../reports/report-files.ts';
import { reportRequestSchema, type ReportRequest } from '../reports/report-request.ts';
import { maySeeVessel } from '../security/web-access.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { HttpError } from './errors.ts';

const SCOPES = new Map(reportRequestSchema.options.map((option) => [option.shape.scope.value, option.shape]));
const [tripScope, metierScope, periodScope] = reportRequestSchema.options;

/**
 * The report request as one flat querystring, each parameter checked by the request schema's own rule: /docs lists
 * the parameters of an object, and none of a union of objects. Which of them go with which scope is the request
 * schema's rule too, checked here on the parameters given.
 */
const reportQuery = z.strictObject({
  ...periodScope.partial().shape,
  ...metierScope.partial().shape,
  ...tripScope.partial().shape,
  scope: z.enum([...SCOPES.keys()]).describe('trip | metier | period; trip takes trip, metier takes metier, period may take month'),
  format: z.enum(REPORT_FORMATS).default('json'),
  download: z.enum(['0', '1']).default('0'),
  lang: langSchema.optional().describe('language of the HTML and CSV: fr (default; CSV with `;`, decimal comma and a UTF-8 byte-order mark) or en; without it, Accept-Language decides'),
}).transform(({ format, download, lang, ...asked }, ctx) => {
  const shape = SCOPES.get(asked.scope)!;
  for (const key of Object.keys(asked)) {
    if (!(key in shape)) ctx.addIssue({ code: 'custom', path: [key], message: `not a parameter of scope=${asked.scope}` });
  }
  for (const [key, rule] of Object.entries(shape)) {
    if (asked[key as keyof typeof asked] === undefined && !rule.safeParse(undefined).success) {
      ctx.addIssue({ code: 'custom', path: [key], message: `required with scope=${asked.scope}` });
    }
  }
  // Each value passed its scope's rule above, and the scope has every key it requires and no other.
  return { format, download, lang, wanted: asked as ReportRequest };
});

const STATUS_OF: Record<ReportError['reason'], number> = { 'unknown-trip': 404, 'invalid-window': 400 };

/** `/api/reports`: the working group's evidence, for a trip, a métier or a period, as JSON, CSV or printable HTML. */
export const reportRoutes: FastifyPluginAsyncZod<DashboardDeps> = async (app, deps) => {
  const profiles = new Map<string, VesselProfile>(deps.vessels.flatMap((v) => (v.profile ? [[v.id, v.profile] as const] : [])));
  const references = new Map(deps.vessels.flatMap((v) => (v.conventionalReference ? [[v.id, v.conventionalReference] as const] : [])));
  app.get('/api/reports', {
    config: { access: 'reviewer' },
    schema: {
      summary: 'Evidence report for a trip, a métier or a period, as JSON, CSV or printable HTML, with its reproducibility block (option C beside option D, and the reference period digested, for vessels with a conventional reference period)',
      tags: ['reports'], querystring: reportQuery,
    },
  }, async (request, reply) => {
    const { format, download, wanted } = request.query;
    const lang = request.query.lang ?? negotiateLang(request.headers['accept-language']);
    let report;
    try {
      report = await buildReport(wanted, {
        trips: deps.trips, store: deps.store, profiles, references, controls: deps.vessels, version: deps.version, digests: deps.reportDigests, logbooks: deps.logbooks, maySee: (v) => maySeeVessel(request.principal, v),
      });
    } catch (err) {
      if (err instanceof ReportError) throw new HttpError(STATUS_OF[err.reason], err.message, null);
      throw err;
    }
    reply.type(CONTENT_TYPES[format]);
    if (format !== 'json') reply.header('content-language', lang).header('vary', 'Accept-Language');
    if (download === '1' || format === 'csv') reply.header('content-disposition', `attachment; filename="${reportFileName(report, format, lang)}"`);
    return renderReport(report, format, lang);
  });
};
