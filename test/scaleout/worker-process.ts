import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnServer, stopChild } from '../helpers/external-server.ts';
import { freePort } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface IngestWorker {
  readonly httpUrl: string;
  /** The worker's process id, for benchmarks reading its CPU from /proc. */
  readonly pid: number | undefined;
  /** `sillage_ingest_values_total` from the worker's /metrics. */
  valuesStored(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * `sillage server` as its own process, on an external broker in an MQTT 5 shared subscription group: one ingest
 * worker of a fleet deployment, with its own core to run on.
 */
export async function startIngestWorker(dir: string, options: { brokerUrl: string; group: string; influxUrl: string }): Promise<IngestWorker> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const config = join(dir, 'server.json');
  writeFileSync(config, JSON.stringify({
    security: { mode: 'open' }, http: { port }, mqtt: { url: options.brokerUrl, sharedGroup: options.group },
    influxUrl: options.influxUrl, dataDir: join(dir, 'data'),
  }));
  const child = spawnServer(process.execPath, [join(ROOT, 'bin/sillage.js'), 'server', '--config', config]);
  const httpUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`ingest worker exited: ${(child as typeof child & { output: () => string }).output()}`);
    try {
      return (await fetch(`${httpUrl}/api/health`)).ok;
    } catch {
      return false;
    }
  }, 30_000, 'ingest worker listening');
  return {
    httpUrl,
    pid: child.pid,
    async valuesStored() {
      const text = await (await fetch(`${httpUrl}/metrics`)).text();
      return [...text.matchAll(/^sillage_ingest_values_total(?:\{[^}]*\})? (\S+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    },
    stop: () => stopChild(child),
  };
}
