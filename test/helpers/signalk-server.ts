import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stopChild } from './external-server.ts';
import { freePort } from './ports.ts';
import { tempDir } from './tmp.ts';

export interface RunningSignalK {
  /** `ws://127.0.0.1:PORT`, the base a Signal K source is configured with. */
  readonly url: string;
  readonly httpUrl: string;
  readonly child: ChildProcess;
  /** Its configuration folder (settings.json, security.json). */
  readonly dir: string;
  /** Stops the server and removes its configuration folder. */
  stop(): Promise<void>;
  /** Stops the server and keeps its configuration, for a restart on the same port. */
  halt(): Promise<void>;
}

/** Security on: no reading without a token; these users may log in (password stored bcrypt-hashed, as the server does). */
export interface SignalKSecurity {
  readonly users: readonly { username: string; password: string; type: 'admin' | 'readwrite' | 'read' }[];
  /** How long the tokens it issues live, in the server's notation (`1h`, `5s`). */
  readonly expiration?: string;
}

/** Where scripts/ensure-test-deps.mjs (run by npm test) installs it: it is no dependency of Sillage. */
const SIGNALK_DIR = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'sillage-test-deps', 'node_modules', 'signalk-server');
const SIGNALK_SERVER = join(SIGNALK_DIR, 'bin', 'signalk-server');

/**
 * A real signalk-server replaying its sample data, on free loopback ports with a temporary
 * configuration directory; its TCP and NMEA listeners and mDNS are off so parallel instances do not clash.
 * With `security`, its token security is on (read-only access without a token off). `restart` starts it again on
 * the ports and configuration of a halted one.
 */
export async function startSignalK(sample: 'nmea0183' | 'n2k' = 'nmea0183', options: { security?: SignalKSecurity; restart?: RunningSignalK } = {}): Promise<RunningSignalK> {
  if (!existsSync(SIGNALK_SERVER)) throw new Error(`signalk-server is not installed: run node scripts/ensure-test-deps.mjs (npm test does)`);
  const { dir, remove } = options.restart ? { dir: options.restart.dir, remove: () => options.restart!.stop() } : tempDir('sillage-signalk-');
  if (!options.restart) writeConfiguration(dir, options.security);
  const port = options.restart ? Number(new URL(options.restart.httpUrl).port) : await freePort();
  const [nmeaPort, tcpPort] = [await freePort(), await freePort()];
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
  return {
    url: `ws://127.0.0.1:${port}`, httpUrl, child, dir,
    stop: async () => { await stopChild(child); await remove(); },
    halt: () => stopChild(child),
  };
}

function writeConfiguration(dir: string, security: SignalKSecurity | undefined): void {
  const settings = { interfaces: { tcp: false, 'nmea-tcp': false, appstore: false }, mdns: false };
  if (!security) {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    return;
  }
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...settings, security: { strategy: '@signalk/sk-simple-token-security' } }));
  const bcrypt = createRequire(SIGNALK_SERVER)('bcryptjs') as { hashSync(password: string, rounds: number): string };
  writeFileSync(join(dir, 'security.json'), JSON.stringify({
    allow_readonly: false,
    expiration: security.expiration ?? '1h',
    secretKey: randomBytes(32).toString('hex'),
    users: security.users.map((u) => ({ username: u.username, type: u.type, password: bcrypt.hashSync(u.password, 4) })),
    devices: [],
    acls: [],
    immutableConfig: true,
    allowDeviceAccessRequests: false,
    allowNewUserRegistration: false,
  }));
}

/** A token as an administrator makes one with the server's own tool (`signalk-generate-token`), signed with its key. */
export function generateSignalKToken(server: RunningSignalK, user: string, expiration = '1h'): string {
  const made = spawnSync(process.execPath, [join(SIGNALK_DIR, 'bin', 'signalk-generate-token'), '-u', user, '-e', expiration, '-s', join(server.dir, 'security.json')], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`signalk-generate-token failed: ${made.stderr}`);
  return made.stdout.trim();
}
