import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { requireBinary, spawnServer, stopChild } from './external-server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';
import { waitFor } from './wait.ts';

export interface RunningMosquitto {
  /** `mqtt://127.0.0.1:PORT` */
  readonly url: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Debian's mosquitto 2 on a free loopback port with a temporary configuration: anonymous, no persistence, and
 * queues deep enough that a benchmark's burst is held for slow subscribers rather than dropped.
 */
export async function startMosquitto(options: { maxQueuedMessages?: number } = {}): Promise<RunningMosquitto> {
  const binary = requireBinary('mosquitto', 'mosquitto');
  const { dir, remove } = tempDir('sillage-mosquitto-');
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    'persistence false',
    `max_queued_messages ${options.maxQueuedMessages ?? 100_000}`,
    'log_dest stderr',
    'log_type error',
    'log_type warning',
  ].join('\n'));
  const child: ChildProcess = spawnServer(binary, ['-c', config]);
  const output = () => (child as ChildProcess & { output: () => string }).output();
  try {
    await waitFor(async () => {
      if (child.exitCode !== null) throw new Error(`mosquitto exited: ${output()}`);
      return accepts(port);
    }, 10_000, 'mosquitto listening');
  } catch (err) {
    await stopChild(child, 'SIGKILL');
    remove();
    throw err;
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      await stopChild(child);
      remove();
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
