import type { ServerConfigInput } from '../../server/config.ts';
import { ShoreServer } from '../../server/server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';

export interface RunningShore {
  server: ShoreServer;
  httpUrl: string;
  mqttUrl: string;
  dataDir: string;
  /** GET a JSON API path, failing the test on a non-2xx answer unless `expectStatus` says otherwise. */
  get<T = unknown>(path: string, expectStatus?: number): Promise<T>;
  stop(): Promise<void>;
}

/** A real shore server on free loopback ports with a temporary data directory (SQLite unless `influxUrl`). */
export async function startShore(config: Partial<ServerConfigInput> = {}): Promise<RunningShore> {
  const { dir, remove } = tempDir('sillage-shore-');
  const server = await startOnFreePorts(dir, config);
  const httpUrl = server.httpUrl;
  return {
    server,
    httpUrl,
    mqttUrl: server.mqttUrl,
    dataDir: dir,
    async get<T>(path: string, expectStatus?: number): Promise<T> {
      const res = await fetch(`${httpUrl}${path}`);
      const body = (await res.json()) as T;
      if (expectStatus !== undefined ? res.status !== expectStatus : !res.ok) {
        throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
      }
      return body;
    },
    async stop() {
      await server.stop();
      remove();
    },
  };
}

/**
 * A port free when asked may be taken by another suite's server before this one listens on it: the shore is then
 * started again on other free ports (a failed start releases all it took), a few times at most.
 */
async function startOnFreePorts(dataDir: string, config: Partial<ServerConfigInput>, attempts = 3): Promise<ShoreServer> {
  const server = new ShoreServer({
    dataDir,
    // Tests of other concerns run without authentication; the security suites pass their own `security`.
    security: { mode: 'open' },
    ...config,
    http: { port: await freePort(), ...config.http },
    mqtt: { port: await freePort(), ...config.mqtt },
  });
  try {
    await server.start();
    return server;
  } catch (err) {
    const ownPorts = config.http?.port === undefined && config.mqtt?.port === undefined;
    if (attempts > 1 && ownPorts && /already in use/.test((err as Error).message)) return startOnFreePorts(dataDir, config, attempts - 1);
    throw err;
  }
}
