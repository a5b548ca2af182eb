import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Two pseudo-terminals wired back to back by socat: a serial cable between the agent and the simulated devices. */
export interface PtyPair {
  /** The end the edge agent opens, as it would open /dev/ttyUSB0. */
  readonly agentEnd: string;
  /** The end the simulated devices answer on. */
  readonly deviceEnd: string;
  /** Unplugs the cable: socat exits and both device nodes disappear. */
  stop(): Promise<void>;
}

/**
 * Creates the pair as links `agent` and `device` in `dir` (socat names the /dev/pts nodes; the links give them
 * stable names, so a pair made again in the same folder is the same cable plugged back in).
 */
export async function openPtyPair(dir: string, timeoutMs = 10_000): Promise<PtyPair> {
  const agentEnd = join(dir, 'agent');
  const deviceEnd = join(dir, 'device');
  const child = spawn('socat', [`pty,raw,echo=0,link=${agentEnd}`, `pty,raw,echo=0,link=${deviceEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(agentEnd) && existsSync(deviceEnd))) {
    const failed = await Promise.race([spawnFailed, new Promise<undefined>((r) => setTimeout(r, 20))]);
    if (failed) throw new Error(`cannot run socat (apt-get install socat): ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`socat exited with ${child.exitCode}: ${stderr.trim()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`socat made no pseudo-terminals within ${timeoutMs} ms`);
    }
  }
  return { agentEnd, deviceEnd, stop: () => stopSocat(child) };
}

async function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
