import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '../../shared/wire/topics.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { parseTelemetryPayload } from '../../shared/wire/telemetry-payload.ts';
import { requireBinary, spawnServer, stopChild } from '../helpers/external-server.ts';
import { startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { connectOnce } from '../helpers/mqtt-once.ts';
import { serveVessel, type ServedVessel } from '../helpers/served-vessel.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const ARCH = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout.trim();
const DEB = join(ROOT, 'dist', `sillage-edge_${VERSION}_${ARCH}.deb`);
const run = promisify(execFile);

/** dpkg and dpkg-query on the scratch root, as a vessel computer's own dpkg would install it. */
const dpkg = (root: string, ...args: string[]) => run('dpkg', [`--root=${root}`, '--force-script-chrootless', '--log=/dev/null', ...args]);
const dpkgQuery = (root: string, ...args: string[]) => run('dpkg-query', [`--admindir=${join(root, 'var/lib/dpkg')}`, ...args]);

/**
 * An empty system for dpkg: its database, and the Node.js that runs the agent declared installed at this machine's
 * version, so the package's Depends is checked for real rather than forced.
 */
function scratchRoot(dir: string): string {
  const root = join(dir, 'root');
  for (const sub of ['info', 'updates', 'triggers']) mkdirSync(join(root, 'var/lib/dpkg', sub), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/available'), '');
  writeFileSync(join(root, 'var/lib/dpkg/status'), [
    'Package: nodejs', 'Status: install ok installed', 'Priority: optional', 'Section: web', `Architecture: ${ARCH}`,
    'Maintainer: this machine', `Version: ${process.versions.node}`, 'Description: the node that runs the tests', '', '',
  ].join('\n'));
  return root;
}

describe('the edge as a Debian package for the vessel computer', () => {
  const { dir, remove } = tempDir('sillage-edge-deb-');
  let root: string;

  beforeAll(async () => {
    requireBinary('dpkg-deb', 'dpkg');
    requireBinary('systemd-analyze', 'systemd');
    await run(process.execPath, [join(ROOT, 'scripts', 'package-edge.mjs')], { cwd: ROOT, timeout: 120_000 });
    root = scratchRoot(dir);
  }, 180_000);
  afterAll(remove);

  it('is built by npm run package:edge as sillage-edge_<version>_<arch>.deb, needing Node.js of the major its binding was built for', async () => {
    const { stdout } = await run('dpkg-deb', ['--info', DEB]);
    const major = Number(process.versions.node.split('.')[0]);
    expect(stdout).toMatch(/^ Package: sillage-edge$/m);
    expect(stdout).toMatch(new RegExp(`^ Version: ${VERSION.replaceAll('.', '\\.')}$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^ Architecture: ${ARCH}$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^ Depends: nodejs \\(>= ${major}\\), nodejs \\(<< ${major + 1}\\)$`, 'm'));
    for (const script of ['postinst', 'prerm', 'postrm', 'conffiles']) expect(stdout).toContain(script);
  });

  it('carries the bundled agent, its native bindings for this architecture, a launcher, the unit and the example configuration', async () => {
    const { stdout } = await run('dpkg-deb', ['--contents', DEB]);
    const files = stdout.split('\n').map((line) => /\s\.(\/\S*)$/.exec(line)?.[1]).filter((f): f is string => !!f);
    expect(files).toEqual(expect.arrayContaining([
      '/usr/bin/sillage-edge',
      '/usr/lib/sillage-edge/sillage-edge.mjs',
      '/usr/lib/sillage-edge/public/index.html',
      '/usr/lib/sillage-edge/profiles/la-fregate.json',
      '/usr/lib/sillage-edge/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      '/usr/lib/sillage-edge/node_modules/bindings/bindings.js',
      '/usr/lib/systemd/system/sillage-edge.service',
      '/etc/sillage/edge.json',
      '/etc/sillage/modbus-map.json',
      '/usr/share/doc/sillage-edge/copyright',
    ]));
    const nodeArch = { amd64: 'x64', arm64: 'arm64', armhf: 'arm' }[ARCH];
    const serialBindings = files.filter((f) => f.endsWith('.node') && f.includes('bindings-cpp'));
    expect(serialBindings.length).toBeGreaterThan(0);
    for (const f of serialBindings) expect(f).toContain(`/prebuilds/linux-${nodeArch}/`);
    // Nothing of the shore, nor the C++ sources the bindings were compiled from.
    expect(files.filter((f) => /node_modules\/(fastify|@fastify|aedes|prom-client|pino|uplot|tsx|vitest)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /better-sqlite3\/(src|deps)\//.test(f))).toEqual([]);
  });

  it('bundles the agent without any of the shore\'s, the simulator\'s or the command line\'s code', () => {
    const inputs = Object.keys(JSON.parse(readFileSync(join(ROOT, 'dist', 'sillage-edge.meta.json'), 'utf8')).inputs as object);
    expect(inputs.some((i) => i.startsWith('edge/'))).toBe(true);
    expect(inputs.filter((i) => /^(server|simulators|cli|bench)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => /node_modules\/(fastify|@fastify|aedes|prom-client|pino|uplot|better-sqlite3)\//.test(i))).toEqual([]);
  });

  it('installs with dpkg -i into an empty root, its configuration a root-only conffile', async () => {
    await dpkg(root, '-i', DEB);
    const { stdout: status } = await dpkgQuery(root, '-W', '-f', '${Status} ${Version}', 'sillage-edge');
    expect(status).toBe(`install ok installed ${VERSION}`);
    const { stdout: conffiles } = await dpkgQuery(root, '-W', '-f', '${Conffiles}', 'sillage-edge');
    expect(conffiles).toMatch(/\/etc\/sillage\/edge\.json [0-9a-f]{32}/);
    expect(conffiles).toMatch(/\/etc\/sillage\/modbus-map\.json [0-9a-f]{32}/);
    expect(statSync(join(root, 'etc/sillage/edge.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'usr/bin/sillage-edge')).mode & 0o111).toBe(0o111);
  });

  it('has a systemd unit that systemd-analyze verify accepts without a word, restarting the agent and hardened', async () => {
    // verify resolves the unit's dependencies (multi-user.target…) in the root: this machine's own units stand in
    // for the vessel computer's, beside what the package installed.
    const verifyRoot = join(dir, 'verify-root');
    cpSync(root, verifyRoot, { recursive: true });
    cpSync(realpathSync('/usr/lib/systemd/system'), join(verifyRoot, 'usr/lib/systemd/system'), { recursive: true, force: false });
    const verify = spawnSync('systemd-analyze', ['verify', `--root=${verifyRoot}`, 'sillage-edge.service'], { encoding: 'utf8' });
    expect(verify.stderr + verify.stdout).toBe('');
    expect(verify.status).toBe(0);
    const unit = readFileSync(join(root, 'usr/lib/systemd/system/sillage-edge.service'), 'utf8');
    for (const line of ['Restart=on-failure', 'DynamicUser=yes', 'StateDirectory=sillage-edge', 'ProtectSystem=strict', 'ProtectHome=yes',
      'PrivateTmp=yes', 'NoNewPrivileges=yes', 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6', 'SupplementaryGroups=dialout',
      'ExecStart=/usr/bin/sillage-edge --config %d/edge.json', 'LoadCredential=edge.json:/etc/sillage/edge.json']) {
      expect(unit.split('\n')).toContain(line);
    }
  });

  describe('the installed agent, against the simulator\'s devices and a broker', () => {
    let vessel: ServedVessel;
    let broker: RunningMosquitto;
    let config: string;
    beforeAll(async () => {
      vessel = await serveVessel();
      broker = await startMosquitto();
      config = join(dir, 'edge.json');
      writeFileSync(config, JSON.stringify({
        vessel: 'fregate',
        profile: 'la-fregate',
        mqtt: { url: broker.url },
        outbox: { path: join(dir, 'outbox.db'), batchSamples: 5, batchMaxAgeMs: 1000 },
        display: { enabled: false },
        sources: [
          // The register map where the package put it, inside the scratch root.
          { kind: 'modbus', name: 'plc', host: '127.0.0.1', port: vessel.modbusPort, map: join(root, 'etc/sillage/modbus-map.json') },
          { kind: 'nmea0183', name: 'gnss', host: '127.0.0.1', port: vessel.nmeaPort },
        ],
      }));
    }, 60_000);
    afterAll(async () => {
      await broker?.stop();
      await vessel?.stop();
    });

    it('checks every device with sillage-edge --check before it is started', async () => {
      const { stdout } = await run(join(root, 'usr/bin/sillage-edge'), ['--check', '--config', config], { timeout: 60_000 });
      expect(stdout).toMatch(/^ok plc: \d+ values$/m);
      expect(stdout).toMatch(/^ok gnss: \d+ values$/m);
      expect(stdout).toContain('2 of 2 sources answered');
    }, 90_000);

    it('runs from the installed files alone and sends the devices\' telemetry to the broker', async () => {
      const subscriber = await connectOnce(broker.url, { clientId: 'deb-test' });
      const batches: Buffer[] = [];
      subscriber.on('message', (_topic, payload) => batches.push(payload));
      await subscriber.subscribeAsync(topicFor(asVesselId('fregate'), 'telemetry'), { qos: 1 });
      const agent = spawnServer(join(root, 'usr/bin/sillage-edge'), ['--config', config]);
      try {
        const readings = await waitFor(() => {
          const values = batches.flatMap((b) => {
            const parsed = parseTelemetryPayload(b, Date.now());
            return parsed.ok ? parsed.batch.samples.map((s) => s.v as Readonly<Record<string, number>>) : [];
          });
          const full = values.find((v) => v['electrical.batteries.main.voltage'] !== undefined && v['navigation.position.latitude'] !== undefined);
          return full;
        }, 60_000, 'a batch with the battery voltage and the position');
        expect(readings['electrical.batteries.main.voltage']).toBeGreaterThan(0);
        expect(readings['navigation.position.latitude']).toBeGreaterThan(40);
        expect(existsSync(join(dir, 'outbox.db'))).toBe(true);
        // What a service manager does: SIGTERM, and the agent flushes its outbox and stops on its own.
        agent.kill('SIGTERM');
        await waitFor(() => agent.exitCode !== null, 40_000, 'the agent stopped');
        expect(agent.exitCode).toBe(0);
      } finally {
        await stopChild(agent);
        await subscriber.endAsync();
      }
    }, 120_000);
  });

  it('keeps its configuration on remove, and leaves nothing on purge', async () => {
    await dpkg(root, '--remove', 'sillage-edge');
    expect(existsSync(join(root, 'usr/lib/sillage-edge/sillage-edge.mjs'))).toBe(false);
    expect(existsSync(join(root, 'etc/sillage/edge.json'))).toBe(true);
    await dpkg(root, '--purge', 'sillage-edge');
    expect(existsSync(join(root, 'etc/sillage/edge.json'))).toBe(false);
    const { stdout } = await dpkgQuery(root, '-W', '-f', '${Status}', 'sillage-edge').catch((err: { stdout: string }) => err);
    expect(stdout).not.toContain('installed');
  });

  it('refuses to package a native binding built for another architecture than the one asked for', async () => {
    const other = ARCH === 'arm64' ? 'amd64' : 'arm64';
    const thisMachines = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const failure = await run(process.execPath, [join(ROOT, 'scripts', 'package-edge.mjs'), '--arch', other, '--binding', thisMachines], { cwd: ROOT, timeout: 120_000 })
      .then(() => undefined, (err: { code: number; stderr: string }) => err);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(new RegExp(`better_sqlite3\\.node is not a Linux ${other} binary`));
    expect(existsSync(join(ROOT, 'dist', `sillage-edge_${VERSION}_${other}.deb`))).toBe(false);
  }, 180_000);
});
