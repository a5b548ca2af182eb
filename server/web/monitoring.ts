import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../metrics.ts';

/** Prometheus's scrape of the shore: an engineer's session, or the read-only scrape token as a bearer. */
export const monitoringRoutes: FastifyPluginAsync<{ metrics: Metrics }> = async (app, { metrics }) => {
  app.get('/metrics', {
    config: { access: 'engineer', scrapeable: true },
    schema: {
      summary: 'Prometheus metrics: ingest rates, rejects by reason, store latency; per vessel seconds since the last batch, backlog, clock skew, last ack latency. An engineer session, or the scrape token (server config metrics.scrapeTokenSha256) as a bearer',
      tags: ['system'], produces: ['text/plain'],
    },
  }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
};
