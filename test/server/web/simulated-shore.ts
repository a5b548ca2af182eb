import { join } from 'node:path';
import { simulatedVessel } from '../../../cli/simulated-vessel.ts';
import { EdgeAgent } from '../../../edge/agent.ts';
import type { ServerConfigInput } from '../../../server/config.ts';
import { ShoreServer } from '../../../server/server.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { freePort } from '../../helpers/ports.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

export interface ShoreWithTrip {
  server: ShoreServer;
  httpUrl: string;
  dataDir: string;
  config: ServerConfigInput;
  edge: EdgeAgent;
  /** The newest trip the analytics found, with its savings computed. */
  tripId: string;
  get<T = unknown>(path: string): Promise<T>;
  stop(): Promise<void>;
}

const fregate = asVesselId('fregate');

/**
 * A real shore (open security, SQLite, La Frégate's profile so the analytics compute savings) fed by a real edge
 * agent sampling the simulated trawler, replayed from `hoursAgo` to now at `speedup`: the analytics follow the
 * data as it is stored, as they would a backlog after an outage.
 */
export async function startShoreWithTrip(options: {
  hoursAgo: number; speedup: number; seed?: number;
  /**
   * Stop the edge once the trip is analysed and wait for the analytics to reach its last sample: figures stop moving.
   * Without it the edge sails on, and the analytics have read all but the last minute.
   */
  settle?: boolean;
}): Promise<ShoreWithTrip> {
  const { dir, remove } = tempDir('sillage-web-');
  const config: ServerConfigInput = {
    dataDir: dir,
    security: { mode: 'open' },
    http: { port: await freePort() },
    mqtt: { port: await freePort() },
    vessels: [{ id: 'fregate', name: 'La Frégate', profile: resolveVesselProfile('la-fregate') }],
  };
  const server = new ShoreServer(config);
  await server.start();
  const sim = simulatedVessel({ seed: options.seed ?? 7, speedup: options.speedup, startHoursAgo: options.hoursAgo });
  const edge = new EdgeAgent({
    config: {
      vessel: 'fregate',
      mqtt: { url: server.mqttUrl, statusIntervalMs: 1000 },
      outbox: { path: join(dir, 'edge.db'), batchSamples: 200, batchMaxAgeMs: 1000 },
      display: { enabled: false },
    },
    sources: [sim.source],
    clock: sim.clock,
  });
  await edge.start();
  await waitFor(() => Date.now() - (server.directory.get(fregate)?.lastSampleT ?? 0) < 5000, 240_000, 'the trip replayed up to now and stored');
  const httpUrl = server.httpUrl;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${httpUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (res.headers.get('content-type') ?? '').includes('json') ? (await res.json()) as T : (await res.text()) as T;
  };
  // The analytics' first pass comes 15 s after start.
  const trips = await waitFor(async () => {
    const answer = await get<{ trips: { id: string; included: boolean }[] }>('/api/vessels/fregate/trips');
    return answer.trips.some((t) => t.included) ? answer.trips : undefined;
  }, 90_000, 'an included trip from the analytics');
  const tripId = trips.at(-1)!.id;
  const analysedUpTo = (t: number) => waitFor(async () => Date.parse((await get<{ end: string }>(`/api/trips/${tripId}`)).end) >= t,
    60_000, 'the analytics to reach the last samples');
  let sailing = true;
  if (options.settle) {
    await edge.stop();
    sailing = false;
    await analysedUpTo(await waitFor(() => server.directory.get(fregate)?.lastSampleT, 10_000, 'the last sample'));
  } else {
    // The first included trip may be seen before the analytics have read the whole backlog; the newest minute
    // is left for their next pass.
    await analysedUpTo(Date.now() - 60_000);
  }
  return {
    server, httpUrl, dataDir: dir, config, edge, tripId, get,
    async stop() {
      if (sailing) await edge.stop();
      await server.stop();
      remove();
    },
  };
}
