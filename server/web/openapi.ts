import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerWithAccess } from '../security/web-security.ts';

/**
 * The one route that declares no schema of its own, a WebSocket upgrade; every other route declares its summary and
 * its zod schemas in its own options, and `/docs` shows those very schemas.
 */
const DOCS: Record<string, { summary: string; tags: string[] }> = {
  'GET /api/live': { summary: 'WebSocket: fleet overview, edge events and a watched vessel\'s latest values as they change', tags: ['fleet'] },
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
      return { schema: { ...schema, ...doc, ...access }, url };
    },
  });
}

/** Swagger UI at `/docs`, from the plugin's bundled assets (no CDN). */
export async function openApiUi(app: FastifyInstance): Promise<void> {
  await registerWithAccess(app, 'public', fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
}
