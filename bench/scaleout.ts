import { cpus } from 'node:os';
import { join } from 'node:path';
import { InfluxStore } from '../server/store/influx-store.ts';
import type { SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import { startInfluxd, type RunningInfluxd } from '../test/helpers/influxd.ts';
import { startMosquitto, type RunningMosquitto } from '../test/helpers/mosquitto.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { fleetPaths, runFleetProcess, type FleetRun } from '../test/scaleout/synthetic-fleet.ts';
import { startIngestWorker } from '../test/scaleout/worker-process.ts';
import { machineUsage, processUsage } from './footprint/process-usage.ts';
import type { BenchResult } from './result.ts';

const list = (value: string) => value.split(',').map((s) => s.trim()).filter(Boolean);
const VESSELS = Number(process.env.SILLAGE_BENCH_SCALEOUT_VESSELS ?? 24);
const BATCHES = Number(process.env.SILLAGE_BENCH_SCALEOUT_BATCHES ?? 20);
const SAMPLES = 60;
const PATHS = fleetPaths(80);
const T0 = Date.UTC(2026, 1, 1);
const WORKER_COUNTS = list(process.env.SILLAGE_BENCH_SCALEOUT_WORKERS ?? '1,2,4').map(Number);
/** Processes the simulated fleet is split across, so that one load generator's core is not the ceiling. */
const LOADERS = Number(process.env.SILLAGE_BENCH_SCALEOUT_LOADERS ?? 1);
const ENCODINGS = list(process.env.SILLAGE_BENCH_SCALEOUT_ENCODINGS ?? 'json,compact') as ('json' | 'compact')[];
const ROUNDS = Number(process.env.SILLAGE_BENCH_SCALEOUT_ROUNDS ?? 2);
for (const n of [...WORKER_COUNTS, LOADERS, VESSELS, BATCHES, ROUNDS]) if (!Number.isInteger(n) || n < 1) throw new Error(`scale-out settings must be whole numbers ≥ 1, got ${n}`);
for (const e of ENCODINGS) if (e !== 'json' && e !== 'compact') throw new Error(`unknown encoding ${e}: json or compact`);

/** Share of one core each process used over a run, %; and how busy the whole machine was, % of all its cores. */
interface CpuShares { workers: number[]; loaders: number[]; mosquitto: number; influxd: number; machine: number }

interface Throughput { rate: number; shares: number[]; cpu: CpuShares }

const cpuSeconds = (pid: number | undefined) => (pid === undefined ? 0 : processUsage(pid).cpuSeconds);

/**
 * Throughput of `workers` ingest processes sharing the fleet's telemetry on mosquitto, into one influxd, the fleet
 * split across LOADERS processes; and the CPU each process used meanwhile (from /proc, the loaders' own).
 */
async function throughput(broker: RunningMosquitto, influxd: RunningInfluxd, dir: string, workers: number, encoding: 'json' | 'compact', round: number): Promise<Throughput> {
  const database = `scaleout_${encoding}_${workers}r${round}`;
  const running = [];
  try {
    for (let i = 0; i < workers; i++) {
      running.push(await startIngestWorker(join(dir, `${encoding}-w${workers}-${i}-r${round}`), { brokerUrl: broker.url, group: 'sillage-ingest', influxUrl: influxd.urlFor(database) }));
    }
    const server = [...running.map((w) => w.pid), broker.pid, influxd.pid];
    const before = server.map(cpuSeconds);
    const machineBefore = machineUsage();
    const fleets = Array.from({ length: LOADERS }, (_, k) => ({
      prefix: `w${workers}${encoding[0]}-l${k}`,
      vessels: Math.floor(VESSELS / LOADERS) + (k < VESSELS % LOADERS ? 1 : 0),
    })).filter((f) => f.vessels > 0);
    const runs: FleetRun[] = await Promise.all(fleets.map((f) => runFleetProcess({
      brokerUrl: broker.url, vessels: f.vessels, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES,
      paths: PATHS as SignalPath[], t0: T0, window: 8, prefix: f.prefix, timeoutMs: 600_000, encoding,
    })));
    // Each loader times itself from its first publish (its batches are encoded before): the run is the longest.
    const seconds = Math.max(...runs.map((r) => r.elapsedMs)) / 1000;
    const used = server.map((pid, i) => (100 * (cpuSeconds(pid) - before[i]!)) / seconds);
    const machineAfter = machineUsage();
    const machine = (100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total);
    const sent = runs.reduce((s, r) => s + r.valuesSent, 0);
    const store = new InfluxStore(influxd.urlFor(database));
    let stored = 0;
    for (const f of fleets) {
      for (let v = 0; v < f.vessels; v++) stored += await store.countValues(asVesselId(`${f.prefix}-${v}`), T0, T0 + BATCHES * SAMPLES * 1000);
    }
    if (stored !== sent) throw new Error(`${workers} workers, ${encoding}: stored ${stored} of ${sent} values`);
    return {
      rate: sent / seconds,
      shares: await Promise.all(running.map((w) => w.valuesStored())),
      cpu: { machine, workers: used.slice(0, workers), mosquitto: used[workers]!, influxd: used[workers + 1]!, loaders: runs.map((r) => (100 * r.cpuSeconds) / (r.elapsedMs / 1000)) },
    };
  } finally {
    for (const w of running) await w.stop();
  }
}

/**
 * Which part was the ceiling: a single-threaded process (an ingest worker, mosquitto, a load generator) near a full
 * core, or else the machine itself once every core is taken.
 */
function ceiling(cpu: CpuShares): string {
  const single = [
    ...cpu.workers.map((c, i) => [`worker ${i + 1}`, c] as const), ['mosquitto', cpu.mosquitto] as const,
    ...cpu.loaders.map((c, i) => [`load generator ${i + 1}`, c] as const),
  ].sort((a, b) => b[1] - a[1]);
  const total = [...cpu.workers, ...cpu.loaders, cpu.mosquitto, cpu.influxd].reduce((a, b) => a + b, 0);
  const machine = cpus().length * 100;
  const [name, busiest] = single[0]!;
  if (busiest >= 85) return `${name} at ${busiest.toFixed(0)} % of a core (single-threaded: the ceiling)`;
  if (cpu.machine >= 85) return `the machine: its cores ${cpu.machine.toFixed(0)} % busy, ${total.toFixed(0)} % of ${machine} % in these processes, the rest other work (busiest single-threaded: ${name} at ${busiest.toFixed(0)} %)`;
  return `none saturated (busiest single-threaded: ${name} at ${busiest.toFixed(0)} %, these processes ${total.toFixed(0)} % of ${machine} %, the machine ${cpu.machine.toFixed(0)} % busy)`;
}

const pct = (n: number) => n.toFixed(0);
const cpuNote = (c: CpuShares) => `CPU % of one core: workers ${c.workers.map(pct).join(' / ')}, mosquitto ${pct(c.mosquitto)}, influxd ${pct(c.influxd)}, load generators ${c.loaders.map(pct).join(' / ')}; ceiling: ${ceiling(c)}`;

/**
 * Ingest throughput with SILLAGE_BENCH_SCALEOUT_WORKERS `sillage server` processes (1, 2 and 4 by default) sharing
 * `$share/sillage-ingest/...` on a real mosquitto, all writing to one influxd, the simulated fleet in
 * SILLAGE_BENCH_SCALEOUT_LOADERS processes of its own, in the contract's JSON and in the compact encoding; the CPU
 * each process used says which single-threaded part is the ceiling. On this 2-core machine the workers, mosquitto,
 * influxd and the fleet share two cores, so the speed-up shows how far the design scales before the box, not the
 * design, is the limit (docs/SCALING.md).
 */
export default async function run(): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const influxd = await startInfluxd();
  const { dir, remove } = tempDir('sillage-bench-scaleout-');
  try {
    // Rounds interleave the worker counts and encodings so that a slow spell of the shared machine does not land on one of them.
    const best = new Map<string, Throughput>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const encoding of ENCODINGS) {
        for (const n of WORKER_COUNTS) {
          const r = await throughput(broker, influxd, dir, n, encoding, round);
          console.log(`  round ${round}, ${encoding}, ${n} worker(s): ${Math.round(r.rate)} values/s, values stored per worker ${r.shares.join(' / ')}; ${cpuNote(r.cpu)}`);
          const key = `${encoding}/${n}`;
          if (r.rate > (best.get(key)?.rate ?? 0)) best.set(key, r);
        }
      }
    }
    const workload = `${VESSELS} vessels × ${BATCHES} batches × ${SAMPLES} samples × ${PATHS.length} signals per run from ${LOADERS} load-generating process(es), best of ${ROUNDS} interleaved rounds; mosquitto, influxd, the fleet and the workers on this ${cpus().length}-core machine`;
    const out: BenchResult[] = [];
    for (const encoding of ENCODINGS) {
      // The JSON figures keep the ids they had before the compact encoding was measured beside them.
      const prefix = encoding === 'json' ? 'scaleout' : 'scaleout.compact';
      const one = best.get(`${encoding}/${Math.min(...WORKER_COUNTS)}`)!.rate;
      for (const n of WORKER_COUNTS) {
        const r = best.get(`${encoding}/${n}`)!;
        out.push({
          id: `${prefix}.workers_${n}.values_per_s`, value: Math.round(r.rate), unit: 'values/s', reference: null, ratio: null,
          note: `${encoding}; ${n} worker process(es); values stored per worker ${r.shares.join(' / ')}; ${cpuNote(r.cpu)}; ${workload}`,
        });
        if (n !== Math.min(...WORKER_COUNTS)) {
          out.push({ id: `${prefix}.workers_${n}.speedup`, value: Number((r.rate / one).toFixed(3)), unit: `× ${Math.min(...WORKER_COUNTS)} worker(s)`, reference: Math.round(one), ratio: null, note: `${encoding}; ${workload}` });
        }
      }
    }
    return out;
  } finally {
    await influxd.stop();
    await broker.stop();
    remove();
  }
}
