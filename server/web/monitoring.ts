import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics.ts';

/** Prometheus's scrape of the shore: an engineer's session, or the read-only scrape token as a bearer. */
export const monitoringRoutes: FastifyPluginAsync<{ metrics: Metrics }> = async (app, { metrics }) => {
  app.get('/metrics', { config: { access: 'engineer', scrapeable: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
