import { join } from 'node:path';
import { InfluxStore } from '../server/store/influx-store.ts';
import type { SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import { startInfluxd, type RunningInfluxd } from '../test/helpers/influxd.ts';
import { startMosquitto, type RunningMosquitto } from '../test/helpers/mosquitto.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { fleetPaths, runFleetProcess } from '../test/scaleout/synthetic-fleet.ts';
import { startIngestWorker } from '../test/scaleout/worker-process.ts';
import type { BenchResult } from './result.ts';

const VESSELS = Number(process.env.SILLAGE_BENCH_SCALEOUT_VESSELS ?? 24);
const BATCHES = Number(process.env.SILLAGE_BENCH_SCALEOUT_BATCHES ?? 20);
const SAMPLES = 60;
const PATHS = fleetPaths(80);
const T0 = Date.UTC(2026, 1, 1);
const WORKER_COUNTS = [1, 2, 4];
const ROUNDS = Number(process.env.SILLAGE_BENCH_SCALEOUT_ROUNDS ?? 2);

/** Throughput of `workers` ingest processes sharing the fleet's telemetry on mosquitto, into one influxd. */
async function throughput(broker: RunningMosquitto, influxd: RunningInfluxd, dir: string, workers: number, round: number): Promise<{ rate: number; shares: number[] }> {
  const database = `scaleout${workers}r${round}`;
  const running = [];
  try {
    for (let i = 0; i < workers; i++) {
      running.push(await startIngestWorker(join(dir, `w${workers}-${i}`), { brokerUrl: broker.url, group: 'sillage-ingest', influxUrl: influxd.urlFor(database) }));
    }
    const run = await runFleetProcess({
      brokerUrl: broker.url, vessels: VESSELS, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES,
      paths: PATHS as SignalPath[], t0: T0, window: 8, prefix: `w${workers}`, timeoutMs: 600_000,
    });
    const store = new InfluxStore(influxd.urlFor(database));
    let stored = 0;
    for (let v = 0; v < VESSELS; v++) stored += await store.countValues(asVesselId(`w${workers}-${v}`), T0, T0 + BATCHES * SAMPLES * 1000);
    if (stored !== run.valuesSent) throw new Error(`${workers} workers: stored ${stored} of ${run.valuesSent} values`);
    return { rate: run.valuesSent / (run.elapsedMs / 1000), shares: await Promise.all(running.map((w) => w.valuesStored())) };
  } finally {
    for (const w of running) await w.stop();
  }
}

/**
 * Ingest throughput with 1, 2 and 4 `sillage server` processes sharing `$share/sillage-ingest/...` on a real
 * mosquitto, all writing to one influxd, the simulated fleet in a process of its own. On this 2-core machine
 * the workers, mosquitto, influxd and the fleet share two cores, so the speed-up shows how far the design
 * scales before the box, not the design, is the limit.
 */
export default async function run(): Promise<BenchResult[]> {
  const broker = await startMosquitto();
  const influxd = await startInfluxd();
  const { dir, remove } = tempDir('sillage-bench-scaleout-');
  try {
    // Rounds interleave the worker counts so that a slow spell of the shared machine does not land on one of them.
    const results = new Map<number, { rate: number; shares: number[] }>();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const n of WORKER_COUNTS) {
        const r = await throughput(broker, influxd, dir, n, round);
        console.log(`  round ${round}, ${n} worker(s): ${Math.round(r.rate)} values/s, values stored per worker ${r.shares.join(' / ')}`);
        if (r.rate > (results.get(n)?.rate ?? 0)) results.set(n, r);
      }
    }
    const one = results.get(1)!.rate;
    const workload = `${VESSELS} vessels × ${BATCHES} batches × ${SAMPLES} samples × ${PATHS.length} signals per run, best of ${ROUNDS} interleaved rounds; mosquitto, influxd, the fleet and the workers on this 2-core machine`;
    return [
      ...WORKER_COUNTS.map((n) => ({
        id: `scaleout.workers_${n}.values_per_s`, value: Math.round(results.get(n)!.rate), unit: 'values/s', reference: null, ratio: null,
        note: `${n} worker process(es); values stored per worker ${results.get(n)!.shares.join(' / ')}`,
      })),
      { id: 'scaleout.workers_2.speedup', value: Number((results.get(2)!.rate / one).toFixed(3)), unit: '× one worker', reference: Math.round(one), ratio: null, note: workload },
      { id: 'scaleout.workers_4.speedup', value: Number((results.get(4)!.rate / one).toFixed(3)), unit: '× one worker', reference: Math.round(one), ratio: null, note: workload },
    ];
  } finally {
    await influxd.stop();
    await broker.stop();
    remove();
  }
}
