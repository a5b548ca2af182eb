import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerWithAccess } from '../security/web-security.ts';

type Doc = { summary: string; tags: string[]; querystring?: Record<string, string>; required?: string[]; produces?: string };

const vessel = 'vessel id, e.g. fregate';
const instant = 'ISO 8601 or epoch ms';

/**
 * What the routes that do not declare their own documentation are for and what they take: the trips and savings
 * of the analytics, reports and the live socket. Every other route
 * declares its summary and its zod schemas in its own options, and `/docs` shows those very schemas.
 */
const DOCS: Record<string, Doc> = {
  'GET /api/vessels/:id/trips': { summary: 'Trips of a vessel with headline fuel and savings figures', tags: ['trips'] },
  'GET /api/trips/:id': { summary: 'One trip: phases, energy by phase and source, coverage, comfort, savings with intervals (option D; option C as measuredSavings when the vessel has an accepted measured baseline)', tags: ['trips'] },
  'GET /api/savings': {
    summary: 'Savings aggregated over trips, in total and by métier, with 95 % intervals; measuredBaseline: per vessel with a conventional reference period, its Guideline 14 fit and option-C savings', tags: ['savings'],
    querystring: { vessel, metier: 'DCF gear code: OTB, OTM, OTT, SDN…', from: instant, to: instant },
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

/**
 * Validates every route's request with the zod schemas it declares (its `params` and `querystring`) and collects
 * those schemas, as JSON Schema, into `/docs`: what is documented is what is checked. Install before any route, so
 * that `/docs` covers the whole API.
 */
export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Without the library's own override, which empties the branches of a union of transformed strings (`instantSchema`).
  const fromZod = createJsonSchemaTransform({ skipList: [], zodToJsonConfig: { override: () => {} } });
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
    transform: (document) => {
      const { schema, url, route } = document;
      const method = Array.isArray(route.method) ? route.method[0] : route.method;
      const access = { description: `Access: ${route.config?.access ?? 'undeclared'}` };
      if (schema?.summary !== undefined) return { schema: { ...fromZod(document).schema, ...access }, url };
      const doc = DOCS[`${method} ${url}`];
      const isApi = url.startsWith('/api/') || url === '/metrics';
      if (!doc) return { schema: { ...schema, hide: !isApi }, url };
      return {
        schema: {
          ...schema,
          summary: doc.summary,
          tags: doc.tags,
          ...access,
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
