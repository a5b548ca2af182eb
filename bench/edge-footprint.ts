import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modbusRegisterMapSchema } from '../shared/devices/modbus-register-map.ts';
import { CatchUpClock } from '../shared/time/clock.ts';
import { SimulatedDevices } from '../simulators/devices/simulated-devices.ts';
import { FaultInjector } from '../simulators/faults/faults.ts';
import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../test/helpers/ports.ts';
import { startShore } from '../test/helpers/shore.ts';
import { startSignalK } from '../test/helpers/signalk-server.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { measureProcess } from './footprint/process-usage.ts';
import type { BenchResult } from './result.ts';

const SECONDS = Number(process.env.SILLAGE_BENCH_EDGE_SECONDS ?? 600);
/** Start-up (module loading, JIT, first batches) is not the steady state being measured. */
const WARM_UP_MS = 15_000;

const ROOT = join(import.meta.dirname, '..');
const REGISTER_MAP = join(ROOT, 'simulators/devices/fregate-modbus-map.json');
/** As the README's "On board" section runs the agent. */
const ONBOARD_V8_FLAGS = ['--optimize-for-size', '--no-opt', '--max-semi-space-size=1'];
/**
 * Also as the README runs it: glibc otherwise raises its mmap threshold after the first large free, and the few
 * megabytes of scratch memory used while the bundle loads can stay resident below a later allocation, in one start
 * out of several.
 */
const ONBOARD_ENV = { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=32768' };

/**
 * The edge agent as deployed on board (README, "On board": `npm run build:edge`, then `node` with its V8
 * memory flags on dist/sillage-edge.mjs), at 1 Hz on La Frégate's devices as the simulated vessel serves them from
 * this process (Modbus TCP registers and NMEA 0183 over UDP, as at sea: the bundle holds the agent alone), outbox on
 * disk, link to a real shore, skipper display served, measured from /proc over SILLAGE_BENCH_EDGE_SECONDS (default
 * 600), beside a real signalk-server replaying its NMEA 0183 sample, measured the same way, as reference.
 */
export default async function run(): Promise<BenchResult[]> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-edge.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build:edge failed');
  const shore = await startShore();
  const { dir, remove } = tempDir('sillage-footprint-');
  const start = Math.floor(Date.now() / 1000) * 1000;
  // The GNSS sends its sentences to where the agent listens.
  const nmeaPort = await freePort();
  const devices = new SimulatedDevices({
    vessel: new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 5, start }),
    clock: new CatchUpClock(start, 1),
    map: modbusRegisterMapSchema.parse(JSON.parse(readFileSync(REGISTER_MAP, 'utf8'))),
    faults: new FaultInjector([]),
    modbus: { host: '127.0.0.1', port: await freePort() },
    nmea: { host: '127.0.0.1', port: nmeaPort },
  });
  await devices.start();
  const config = join(dir, 'edge.json');
  writeFileSync(config, JSON.stringify({
    vessel: 'footprint',
    mqtt: { url: shore.mqttUrl },
    outbox: { path: join(dir, 'outbox.db') },
    link: { encoding: 'compact' },
    display: { port: await freePort() },
    sources: [
      { kind: 'modbus', name: 'plc', host: '127.0.0.1', port: devices.modbus.port, map: REGISTER_MAP },
      { kind: 'nmea0183', name: 'gnss', host: '127.0.0.1', port: nmeaPort },
    ],
  }));
  const agent = spawn(process.execPath, [...ONBOARD_V8_FLAGS, join(ROOT, 'dist/sillage-edge.mjs'), '--config', config], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...ONBOARD_ENV },
  });
  const signalK = await startSignalK('nmea0183');
  try {
    await new Promise<void>((resolve, reject) => {
      agent.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('sillage edge:')) resolve(); });
      agent.once('exit', (code) => reject(new Error(`edge agent exited with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, WARM_UP_MS));
    const [edge, sk] = await Promise.all([measureProcess(agent.pid!, SECONDS), measureProcess(signalK.child.pid!, SECONDS)]);
    const note = `GLIBC_TUNABLES=${ONBOARD_ENV.GLIBC_TUNABLES} node ${ONBOARD_V8_FLAGS.join(' ')} dist/sillage-edge.mjs, skipper display on, La Frégate's simulated devices over Modbus TCP and NMEA 0183 UDP from the bench process; ${SECONDS} s window after ${WARM_UP_MS / 1000} s warm-up, 1 Hz, same 2-core machine as other work (CPU figures are noisy); reference = signalk-server --sample-nmea0183-data`;
    return [
      { id: 'edge.rss_mb', value: Number(edge.rssMb.toFixed(1)), unit: 'MB', reference: Number(sk.rssMb.toFixed(1)), ratio: edge.rssMb / sk.rssMb, note: `${note}; target ≤ 100, aim ≤ 60` },
      { id: 'edge.cpu_pct', value: Number(edge.cpuPct.toFixed(2)), unit: '% of one core', reference: Number(sk.cpuPct.toFixed(2)), ratio: sk.cpuPct > 0 ? edge.cpuPct / sk.cpuPct : null, note: `${note}; target ≤ 1` },
    ];
  } finally {
    await new Promise<void>((resolve) => {
      if (agent.exitCode !== null) return resolve();
      agent.once('exit', () => resolve());
      agent.kill('SIGTERM');
    });
    await signalK.stop();
    await devices.stop();
    await shore.stop();
    remove();
  }
}
