import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * memory flags on dist/sillage-edge.mjs), at 1 Hz on every signal of La Frégate from its simulated vessel, outbox on disk, link
 * to a real shore, skipper display served, measured from /proc over SILLAGE_BENCH_EDGE_SECONDS (default 600),
 * beside a real signalk-server replaying its NMEA 0183 sample, measured the same way, as reference.
 */
export default async function run(): Promise<BenchResult[]> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-edge.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build:edge failed');
  const shore = await startShore();
  const { dir, remove } = tempDir('sillage-footprint-');
  const config = join(dir, 'edge.json');
  writeFileSync(config, JSON.stringify({
    vessel: 'footprint',
    mqtt: { url: shore.mqttUrl },
    outbox: { path: join(dir, 'outbox.db') },
    link: { encoding: 'compact' },
    display: { port: await freePort() },
    simulator: { seed: 5 },
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
    const note = `GLIBC_TUNABLES=${ONBOARD_ENV.GLIBC_TUNABLES} node ${ONBOARD_V8_FLAGS.join(' ')} dist/sillage-edge.mjs, skipper display on, simulated vessel in process; ${SECONDS} s window after ${WARM_UP_MS / 1000} s warm-up, 1 Hz, 40 signals, same 2-core machine as other work (CPU figures are noisy); reference = signalk-server --sample-nmea0183-data`;
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
    await shore.stop();
    remove();
  }
}
