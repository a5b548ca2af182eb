import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stopChild } from './external-server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';

export interface RunningSignalK {
  /** `ws://127.0.0.1:PORT`, the base a Signal K source is configured with. */
  readonly url: string;
  readonly httpUrl: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Where scripts/ensure-test-deps.mjs (run by npm test) installs it: it is no dependency of Sillage. */
const SIGNALK_SERVER = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'sillage-test-deps', 'node_modules', 'signalk-server', 'bin', 'signalk-server');

/**
 * A real signalk-server replaying its sample data, on free loopback ports with a temporary
 * configuration directory; its TCP and NMEA listeners and mDNS are off so parallel instances do not clash.
 */
export async function startSignalK(sample: 'nmea0183' | 'n2k' = 'nmea0183'): Promise<RunningSignalK> {
  if (!existsSync(SIGNALK_SERVER)) throw new Error(`signalk-server is not installed: run node scripts/ensure-test-deps.mjs (npm test does)`);
  const { dir, remove } = tempDir('sillage-signalk-');
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ interfaces: { tcp: false, 'nmea-tcp': false, appstore: false }, mdns: false }));
  const [port, nmeaPort, tcpPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [SIGNALK_SERVER, '-c', dir, `--sample-${sample}-data`], {
    env: { ...process.env, PORT: String(port), NMEA0183PORT: String(nmeaPort), TCPSTREAMPORT: String(tcpPort), SIGNALK_NODE_CONFIG_DIR: dir },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const httpUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${httpUrl}/signalk`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`signalk-server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('signalk-server did not answer /signalk within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `ws://127.0.0.1:${port}`, httpUrl, child, stop: async () => { await stopChild(child); remove(); } };
}
