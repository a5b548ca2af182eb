import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerConfig } from '../config.ts';
import type { Ingest } from '../ingest/ingest.ts';
import { HttpError } from './errors.ts';

const letterParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/**
 * What an admin checks before a trial: who may connect and how, who may log in with which role. Never a
 * hash: credentials are changed with `sillage vessel add` / `sillage user add` on the config file. And what
 * an admin does once the cause of a refused batch is fixed: replay it.
 */
export const adminRoutes: FastifyPluginAsyncZod<{ config: ServerConfig; ingest: Pick<Ingest, 'replay'> }> = async (app, { config, ingest }) => {
  app.get('/api/admin/access', {
    config: { access: 'admin' },
    schema: { summary: 'Who may connect (vessels, shore clients) and log in (users), without secrets', tags: ['admin'] },
  }, async () => ({
    mode: config.security.mode,
    vessels: config.vessels.map((v) => ({
      id: v.id, name: v.name, password: Boolean(v.credentials?.secretHash), certificate: v.credentials?.certificate ?? false,
    })),
    shoreClients: config.mqtt.shoreClients.map((c) => c.name),
    users: config.users.map((u) => ({ name: u.name, role: u.role, vessel: u.vessel ?? null })),
    mqtt: { plain: { host: config.mqtt.host, port: config.mqtt.port }, tls: config.mqtt.tls ? { port: config.mqtt.tls.port, clientCertificates: config.mqtt.tls.ca !== undefined } : null },
  }));

  /**
   * Runs a dead letter's kept payload through ingest again, once its cause is fixed (retention raised, vessel
   * declared, server upgraded): the answer says what became of it, stored or refused again with the reason.
   */
  app.post('/api/admin/dead-letters/:id/replay', {
    config: { access: 'admin' },
    schema: {
      summary: 'Replay a dead letter (id from /api/quality deadLetters.recent) through ingest once its cause is fixed: outcome stored (samples, values), already-stored, or refused with the reason (the letter stays); 404 when no payload is kept, 503 when the store is down',
      tags: ['admin'], params: letterParams,
    },
  }, async (request) => {
    const { id } = request.params;
    const outcome = await ingest.replay(id);
    if (!outcome) throw new HttpError(404, 'no dead letter with a kept payload', { id });
    const { letter, vessel, alreadyReplayed } = outcome;
    switch (outcome.kind) {
      case 'stored':
        return { id: letter, vessel, seq: outcome.seq, outcome: 'stored', samples: outcome.samples, values: outcome.values, rejected: outcome.rejected, alreadyReplayed };
      case 'duplicate':
        return { id: letter, vessel, seq: outcome.seq, outcome: 'already-stored', samples: 0, values: 0, rejected: 0, alreadyReplayed };
      case 'refused':
        return { id: letter, vessel, seq: outcome.seq ?? null, outcome: 'refused', reason: outcome.rejection.reason, detail: outcome.rejection.detail, alreadyReplayed };
      case 'not-written':
        throw new HttpError(503, 'store unavailable: the dead letter is kept, replay it again later', { id, error: outcome.unavailable ?? null });
    }
  });
};
