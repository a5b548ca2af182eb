import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary, spawnServer, stopChild } from '../helpers/external-server.ts';
import { freePort } from '../helpers/ports.ts';
import { waitFor } from '../helpers/wait.ts';
import type { ChaosEdgeConfig } from './chaos-edge.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** A process the test can stop, kill and start again with the same configuration (same ports, same data). */
export interface Restartable {
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
  output(): string;
}

function restartable(command: string, args: string[], ready: (child: ChildProcess) => Promise<void>, onLine?: (line: string) => void): Restartable {
  let child: ChildProcess | undefined;
  return {
    get pid() { return child?.pid; },
    async start() {
      child = spawnServer(command, args);
      let partial = '';
      child.stdout?.on('data', (d: Buffer) => {
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) onLine?.(line);
      });
      await ready(child);
    },
    async stop() { if (child) await stopChild(child); },
    async kill() { if (child) await stopChild(child, 'SIGKILL'); },
    output: () => (child as (ChildProcess & { output: () => string }) | undefined)?.output() ?? '',
  };
}

async function listening(child: ChildProcess, url: string, what: string): Promise<void> {
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`${what} exited: ${(child as ChildProcess & { output: () => string }).output()}`);
    try {
      const res = await fetch(url);
      return res.ok;
    } catch {
      return false;
    }
  }, 30_000, `${what} listening`);
}

/** Mosquitto 2 on a free loopback port, without persistence: stopping it is a link cut that forgets sessions. */
export async function mosquittoProcess(dir: string): Promise<Restartable & { url: string }> {
  const binary = requireBinary('mosquitto', 'mosquitto');
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 10000'].join('\n'));
  const broker = restartable(binary, ['-c', config], async (child) => {
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`mosquitto exited: ${(child as ChildProcess & { output: () => string }).output()}`);
      return /running|opening ipv4 listen socket/i.test((child as ChildProcess & { output: () => string }).output());
    }, 10_000, 'mosquitto listening');
  });
  return { ...broker, get pid() { return broker.pid; }, url: `mqtt://127.0.0.1:${port}` };
}

/** `sillage server` as its own process, open security, on an external broker, storing in InfluxDB when given (SQLite otherwise). */
export async function serverProcess(dir: string, options: { mqttUrl: string; influxUrl?: string }): Promise<Restartable & { httpUrl: string }> {
  const httpPort = await freePort();
  const config = join(dir, 'server.json');
  writeFileSync(config, JSON.stringify({
    security: { mode: 'open' }, http: { port: httpPort }, mqtt: { url: options.mqttUrl },
    influxUrl: options.influxUrl, dataDir: join(dir, 'server-data'),
  }));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const server = restartable('node', [join(ROOT, 'bin/sillage.js'), 'server', '--config', config],
    (child) => listening(child, `${httpUrl}/api/health`, 'sillage server'));
  return { ...server, get pid() { return server.pid; }, httpUrl };
}

export interface EdgeReport { backlog: number; position: number; rssBytes: number; activeResources: number }

/** The chaos vessel (`chaos-edge.ts`) as its own process; `latest` is its most recent report of progress. */
export function edgeProcess(dir: string, config: ChaosEdgeConfig): Restartable & { latest: () => EdgeReport | undefined } {
  const file = join(dir, 'edge.json');
  writeFileSync(file, JSON.stringify(config));
  let latest: EdgeReport | undefined;
  const edge = restartable('node', ['--import', 'tsx', join(ROOT, 'test/reliability/chaos-edge.ts'), file], async (child) => {
    latest = undefined;
    await waitFor(() => {
      if (child.exitCode !== null) throw new Error(`edge exited: ${(child as ChildProcess & { output: () => string }).output()}`);
      return latest !== undefined;
    }, 30_000, 'the edge reporting');
  }, (line) => {
    try {
      const report = JSON.parse(line) as Partial<EdgeReport>;
      if (typeof report.backlog === 'number' && typeof report.position === 'number') latest = report as EdgeReport;
    } catch {
      // not a report line
    }
  });
  return { ...edge, get pid() { return edge.pid; }, latest: () => latest };
}
