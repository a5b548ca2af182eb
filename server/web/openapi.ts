import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { registerWithAccess } from '../security/web-security.ts';

type Doc = { summary: string; tags: string[]; querystring?: Record<string, string>; required?: string[]; produces?: string };

const vessel = 'vessel id, e.g. fregate';
const instant = 'ISO 8601 or epoch ms';
const TIME = { from: instant, to: `${instant}; default now` };

/**
 * What each route is for and what it takes. Routes validate their input with zod in their handler (so errors
 * keep the project's `{error, detail}` shape); this table is only what `/docs` shows, keyed by method and URL.
 */
const DOCS: Record<string, Doc> = {
  'GET /api/health': { summary: 'Liveness, software version and store kind', tags: ['system'] },
  'GET /metrics': { summary: 'Prometheus metrics: ingest rates, rejects by reason, store latency; per vessel seconds since the last batch, backlog, clock skew, last ack latency. An engineer session, or the scrape token (server config metrics.scrapeTokenSha256) as a bearer', tags: ['system'], produces: 'text/plain' },
  'POST /api/auth/login': { summary: 'Open a session (cookie and bearer token) with user name and password', tags: ['auth'] },
  'POST /api/auth/logout': { summary: 'Close the current session', tags: ['auth'] },
  'GET /api/auth/me': { summary: 'Who the session belongs to, with role and vessel', tags: ['auth'] },
  'GET /api/admin/access': { summary: 'Who may connect (vessels, shore clients) and log in (users), without secrets', tags: ['admin'] },
  'POST /api/admin/dead-letters/:id/replay': {
    summary: 'Replay a dead letter (id from /api/quality deadLetters.recent) through ingest once its cause is fixed: outcome stored (samples, values), already-stored, or refused with the reason (the letter stays); 404 when no payload is kept, 503 when the store is down',
    tags: ['admin'],
  },
  'GET /api/vessels': { summary: 'Every vessel: online, last seen, backlog, latest key values', tags: ['vessels'] },
  'GET /api/vessels/:id/latest': { summary: 'Newest value of every signal of a vessel', tags: ['vessels'] },
  'GET /api/vessels/:id/series': {
    summary: 'Signals over a range, downsampled on the server (mean, min, max, count per bucket; at most 5000 buckets)', tags: ['vessels'],
    querystring: { paths: 'comma-separated signal paths', ...TIME, step: 'bucket: 60000, 10s, 5m, 1h, 1d (widened to keep ≤ 5000 buckets; from a minute up, rounded up to whole minutes, served from the per-minute roll-ups)' },
    required: ['paths', 'from'],
  },
  'GET /api/vessels/:id/series.csv': {
    summary: 'The same buckets as /series, as CSV (SI units in the header)', tags: ['vessels'], produces: 'text/csv',
    querystring: { paths: 'comma-separated signal paths', ...TIME, step: 'bucket duration, the same rule as /series' }, required: ['paths', 'from'],
  },
  'GET /api/vessels/:id/trips': { summary: 'Trips of a vessel with headline fuel and savings figures', tags: ['trips'] },
  'GET /api/trips/:id': { summary: 'One trip: phases, energy by phase and source, coverage, comfort, savings with intervals (option D; option C as measuredSavings when the vessel has an accepted measured baseline)', tags: ['trips'] },
  'GET /api/savings': {
    summary: 'Savings aggregated over trips, in total and by métier, with 95 % intervals; measuredBaseline: per vessel with a conventional reference period, its Guideline 14 fit and option-C savings', tags: ['savings'],
    querystring: { vessel, metier: 'DCF gear code: OTB, OTM, OTT, SDN…', from: instant, to: instant },
  },
  'GET /api/fleet': { summary: 'Fleet overview: online, last seen, SOC, mode, phase, backlog, fuel saved today, open alarms', tags: ['fleet'] },
  'GET /api/events': {
    summary: 'Alarms and trip events from the edge, newest first, from the persisted history', tags: ['fleet'],
    querystring: { vessel, from: instant, to: instant, kind: 'kind or prefix, e.g. alarm.', limit: '1–5000, default 500' },
  },
  'GET /api/signals': { summary: 'The signal registry: path patterns, SI units, physical ranges, resolution', tags: ['fleet'] },
  'GET /api/quality': {
    summary: 'Data quality: gaps per signal, rejections by reason, dead letters, duplicates, backlog, clock skew, last ingest', tags: ['quality'],
    querystring: { vessel, from: `${instant}; default 24 h before to`, to: `${instant}; default now` },
  },
  'GET /api/live': { summary: 'WebSocket: fleet overview, edge events and a watched vessel\'s latest values as they change', tags: ['fleet'] },
  'GET /api/reports': {
    summary: 'Evidence report for a trip, a métier or a period, as JSON, CSV or printable HTML, with its reproducibility block (option C beside option D, and the reference period digested, for vessels with a conventional reference period)', tags: ['reports'],
    querystring: {
      scope: 'trip | metier | period', vessel, trip: 'trip id (scope=trip)', metier: 'DCF gear code (scope=metier)',
      month: 'YYYY-MM (scope=period)', from: instant, to: instant, label: 'name of the period, e.g. "2024 season"', format: 'json | csv | html',
    },
    required: ['scope'],
  },
};

/** Collects every route registered after it: install before any route, so that `/docs` covers the whole API. */
export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Sillage shore API',
        version,
        description: 'Telemetry, trips, fuel savings and evidence reports of hybrid-electric fishing vessels. Values are SI; '
          + 'errors are `{"error", "detail"}`. Access is by role: sign in with POST /api/auth/login, then send the cookie or a bearer token.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: ({ schema, url, route }) => {
      const method = Array.isArray(route.method) ? route.method[0] : route.method;
      const doc = DOCS[`${method} ${url}`];
      const isApi = url.startsWith('/api/') || url === '/metrics';
      if (!doc) return { schema: { ...schema, hide: !isApi }, url };
      return {
        schema: {
          ...schema,
          summary: doc.summary,
          tags: doc.tags,
          description: `Access: ${route.config?.access ?? 'undeclared'}`,
          ...(doc.querystring ? {
            querystring: {
              type: 'object',
              properties: Object.fromEntries(Object.entries(doc.querystring).map(([k, d]) => [k, { type: 'string', description: d }])),
              required: doc.required ?? [],
            },
          } : {}),
          ...(url.includes(':id') ? { params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } } : {}),
          ...(doc.produces ? { produces: [doc.produces] } : {}),
        },
        url,
      };
    },
  });
}

/** Swagger UI at `/docs`, from the plugin's bundled assets (no CDN). */
export async function openApiUi(app: FastifyInstance): Promise<void> {
  await registerWithAccess(app, 'public', fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
