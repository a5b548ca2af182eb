import type { FastifyPluginAsync } from 'fastify';
import type { ServerConfig } from '../config.ts';

/**
 * What an admin checks before a trial: who may connect and how, who may log in with which role. Never a
 * hash: credentials are changed with `sillage vessel add` / `sillage user add` on the config file.
 */
export const adminRoutes: FastifyPluginAsync<{ config: ServerConfig }> = async (app, { config }) => {
  app.get('/api/admin/access', { config: { access: 'admin' } }, async () => ({
    mode: config.security.mode,
    vessels: config.vessels.map((v) => ({
      id: v.id, name: v.name, password: Boolean(v.credentials?.secretHash), certificate: v.credentials?.certificate ?? false,
    })),
    shoreClients: config.mqtt.shoreClients.map((c) => c.name),
    users: config.users.map((u) => ({ name: u.name, role: u.role, vessel: u.vessel ?? null })),
    mqtt: { plain: { host: config.mqtt.host, port: config.mqtt.port }, tls: config.mqtt.tls ? { port: config.mqtt.tls.port, clientCertificates: config.mqtt.tls.ca !== undefined } : null },
  }));
};
