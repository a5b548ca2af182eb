import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary, spawnServer, stopChild } from './external-server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';

export interface RunningInfluxd {
  readonly url: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT/<database>`, the form SILLAGE_INFLUX_URL takes. */
  urlFor(database: string): string;
  /** The running server's process id (a new one after a restart), for benchmarks reading its CPU from /proc. */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  /** Restarts the same server on the same port and data (for outage tests). */
  restart(): Promise<void>;
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and requests hang unanswered, as in a stalled disk. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT); the requests it held are answered. */
  resume(): void;
}

export interface InfluxdOptions {
  /** Turns authentication on, with this user as the admin (created before any client is let in). */
  readonly admin?: { readonly name: string; readonly password: string };
  /** Where influxd keeps its data, left in place when it stops (a benchmark's loaded data, reused); a temporary directory by default. */
  readonly dataDir?: string;
}

/** Starts Debian's influxd (1.x) on free loopback ports with a temporary data directory. */
export async function startInfluxd(options: InfluxdOptions = {}): Promise<RunningInfluxd> {
  const binary = requireBinary('influxd', 'influxdb');
  const { dir, remove } = options.dataDir !== undefined ? { dir: options.dataDir, remove: () => {} } : tempDir('sillage-influxd-');
  const port = await freePort();
  const rpcPort = await freePort();
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, [
    'reporting-disabled = true',
    `bind-address = "127.0.0.1:${rpcPort}"`,
    '[meta]', `  dir = "${dir}/meta"`,
    '[data]', `  dir = "${dir}/data"`, `  wal-dir = "${dir}/wal"`, '  query-log-enabled = false',
    '[http]', `  bind-address = "127.0.0.1:${port}"`, '  log-enabled = false', `  auth-enabled = ${options.admin !== undefined}`,
    '[monitor]', '  store-enabled = false',
  ].join('\n'));
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;

  const start = async () => {
    child = spawnServer(binary, ['-config', config]);
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const res = await fetch(`${url}/ping`);
        if (res.status === 204) return;
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`influxd exited: ${(child as ChildProcess & { output: () => string }).output()}`);
      if (Date.now() > deadline) throw new Error('influxd did not answer /ping within 20 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await start();
  if (options.admin) {
    // 1.x takes the first admin without credentials, and nothing else until it exists.
    const statement = `CREATE USER "${options.admin.name}" WITH PASSWORD '${options.admin.password}' WITH ALL PRIVILEGES`;
    const res = await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q: statement }) });
    if (!res.ok) throw new Error(`influxd refused its admin: ${res.status} ${await res.text()}`);
  }
  return {
    get pid() { return child?.pid; },
    url,
    port,
    urlFor: (database) => `${url}/${database}`,
    start,
    async stop() {
      if (child) await stopChild(child);
      remove();
    },
    async kill() {
      if (child) await stopChild(child, 'SIGKILL');
    },
    async restart() {
      if (child) await stopChild(child);
      await start();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}
