import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { vesselIdSchema, type VesselId } from '../../shared/wire/ids.ts';
import type { DirectoryChange } from '../fleet/vessel-directory.ts';
import { maySeeVessel, type Principal } from '../security/web-access.ts';
import type { DashboardDeps } from './dashboard-deps.ts';
import { fleetOverview } from './fleet-overview.ts';

export interface LiveOptions extends DashboardDeps {
  /** Least time between two fleet or latest-value pushes to one socket. Default 1 s. */
  pushIntervalMs?: number;
}

/**
 * WebSocket support for the whole server, installed before the web's security hook: its own hooks must see every
 * upgrade request first, so that one refused by the access policy gets its 401/403 and then has its socket closed.
 * Installed inside a route plugin, a refused upgrade left its raw socket open, and `close()` waited on it.
 */
export async function installWebSockets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
}

/** A browser that cannot keep up gets fresh snapshots when it catches up, not a growing queue of stale ones. */
const MAX_BUFFERED_BYTES = 512 * 1024;
const clientMessage = z.strictObject({ watch: vesselIdSchema.nullable() });

interface Client { socket: WebSocket; principal: Principal | undefined; watch: VesselId | null }

/**
 * `/api/live`: the fleet overview pushed when a status, an ingest or an event changes it (at most once per
 * interval), each edge event as it arrives, and, for the vessel a client watches (`{"watch": "<id>"}`), its
 * latest values after each ingest. Pages fetch history through the API; this only says what is new.
 */
export const liveRoutes: FastifyPluginAsync<LiveOptions> = async (app, deps) => {
  const clients = new Set<Client>();
  const dirtyVessels = new Set<VesselId>();
  let fleetDirty = false;

  const send = (c: Client, message: unknown) => {
    if (c.socket.readyState === c.socket.OPEN && c.socket.bufferedAmount < MAX_BUFFERED_BYTES) c.socket.send(JSON.stringify(message));
  };

  const unsubscribe = deps.directory.subscribe((change: DirectoryChange) => {
    if (clients.size === 0) return;
    fleetDirty = true;
    if (change.kind === 'ingest') dirtyVessels.add(change.vessel);
    if (change.kind === 'event') {
      for (const c of clients) if (maySeeVessel(c.principal, change.vessel)) send(c, { type: 'event', vessel: change.vessel, event: change.event });
    }
  });

  let pushing = false;
  const push = async () => {
    if (pushing || clients.size === 0) return;
    pushing = true;
    try {
      if (fleetDirty) {
        fleetDirty = false;
        for (const c of clients) send(c, { type: 'fleet', time: Date.now(), vessels: await fleetOverview(deps, c.principal, Date.now()) });
      }
      for (const vessel of [...dirtyVessels]) {
        dirtyVessels.delete(vessel);
        const watchers = [...clients].filter((c) => c.watch === vessel);
        if (watchers.length === 0) continue;
        const message = { type: 'latest', vessel, values: await deps.store.latest(vessel) };
        for (const c of watchers) send(c, message);
      }
    } catch (err) {
      app.log.warn({ err }, 'live push failed');
    } finally {
      pushing = false;
    }
  };
  const timer = setInterval(() => { void push(); }, deps.pushIntervalMs ?? 1000);

  app.addHook('onClose', async () => {
    clearInterval(timer);
    unsubscribe();
    for (const c of clients) c.socket.terminate();
    clients.clear();
  });

  app.get('/api/live', { websocket: true, config: { access: 'engineer' } }, (socket, request) => {
    const client: Client = { socket, principal: request.principal, watch: null };
    clients.add(client);
    socket.on('close', () => clients.delete(client));
    socket.on('message', (data) => {
      let parsed: ReturnType<typeof clientMessage.safeParse>;
      try {
        parsed = clientMessage.safeParse(JSON.parse(String(data)));
      } catch {
        return send(client, { type: 'error', error: 'messages are JSON: {"watch": "<vessel id>" | null}' });
      }
      if (!parsed.success) return send(client, { type: 'error', error: 'messages are {"watch": "<vessel id>" | null}' });
      const watch = parsed.data.watch;
      if (watch !== null && !maySeeVessel(client.principal, watch)) return send(client, { type: 'error', error: 'unknown vessel' });
      client.watch = watch;
      if (watch !== null) void deps.store.latest(watch).then((values) => send(client, { type: 'latest', vessel: watch, values }));
    });
    void fleetOverview(deps, client.principal, Date.now()).then((vessels) => send(client, { type: 'fleet', time: Date.now(), vessels }));
  });
};
