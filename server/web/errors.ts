import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isStoreOutage } from '../store/store-errors.ts';

export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly detail?: unknown) {
    super(message);
  }
}

/**
 * Errors leave as `{"error", "detail"}` with the right status, and never with a stack trace; the trace of an
 * unexpected failure goes to the operator's log instead.
 */
export function installErrorHandler(app: FastifyInstance, log: (msg: string, detail?: unknown) => void = () => {}): void {
  app.setErrorHandler((err, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map(({ instancePath, message }) => ({ path: instancePath, message }));
      return reply.status(400).send({ error: 'invalid request', detail: { in: err.validationContext ?? null, issues } });
    }
    if (err instanceof HttpError) return reply.status(err.statusCode).send({ error: err.message, detail: err.detail ?? null });
    if (isStoreOutage(err)) {
      // Every request fails alike while it lasts: one line each, without a stack trace, and the client told to come
      // back; the store's own message (its address) stays in the operator's log.
      log('store unavailable', { method: request.method, route: request.url.split('?')[0], error: (err as Error).message });
      return reply.status(503).header('retry-after', '5').send({ error: 'store unavailable', detail: null });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: (err as Error).message, detail: null });
    }
    log('request failed', { method: request.method, route: request.url.split('?')[0], error: (err as Error).stack ?? String(err) });
    return reply.status(500).send({ error: 'internal error', detail: null });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: 'not found', detail: request.url.split('?')[0] }));
}
