import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { ServerConfigInput } from '../server/config.ts';
import { SqliteStore } from '../server/store/sqlite-store.ts';
import type { SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import { parseTelemetryBatch } from '../shared/wire/telemetry.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startMosquitto } from '../test/helpers/mosquitto.ts';
import { startShore } from '../test/helpers/shore.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { fleetPaths, runFleetProcess, syntheticBatch } from '../test/scaleout/synthetic-fleet.ts';
import type { BenchResult } from './result.ts';

const VESSELS = Number(process.env.SILLAGE_BENCH_INGEST_VESSELS ?? 20);
const BATCHES = Number(process.env.SILLAGE_BENCH_INGEST_BATCHES ?? 25);
/** One minute of 1 Hz data per batch, 80 signals per sample: what an edge sends while catching up. */
const SAMPLES = 60;
const PATHS = fleetPaths(80);
const T0 = Date.UTC(2026, 0, 1);
const VALUES = VESSELS * BATCHES * SAMPLES * PATHS.length;
const DIRECT_CONCURRENCY = 2;
const ROUNDS = Number(process.env.SILLAGE_BENCH_INGEST_ROUNDS ?? 3);

const samplesOf = (payload: string) => {
  const parsed = parseTelemetryBatch(payload, Date.now());
  if (!parsed.ok) throw new Error(parsed.rejection.detail);
  return parsed.batch.samples;
};

/** The fleet's batches as vessels send them, for the direct writers to replay without MQTT or ingest. */
function fleetBatches(): { vessel: string; payload: string }[] {
  const out = [];
  for (let v = 0; v < VESSELS; v++) {
    for (let b = 0; b < BATCHES; b++) out.push({ vessel: `direct-${v}`, payload: syntheticBatch(PATHS, b + 1, T0 + b * SAMPLES * 1000, SAMPLES) });
  }
  return out;
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Line protocol built ahead, posted to /write in batches of one vessel-batch each, a few requests in flight. */
async function directInflux(url: string, database: string): Promise<number> {
  await fetch(`${url}/query?q=${encodeURIComponent(`CREATE DATABASE ${database}`)}`, { method: 'POST' });
  const bodies = fleetBatches().map(({ vessel, payload }) => samplesOf(payload)
    .map((s) => `telemetry,vessel=${vessel} ${Object.entries(s.v).map(([p, v]) => `${p}=${v}`).join(',')} ${s.t}`).join('\n'));
  const started = performance.now();
  await inParallel(bodies, DIRECT_CONCURRENCY, async (body) => {
    const res = await fetch(`${url}/write?db=${database}&precision=ms`, { method: 'POST', body });
    if (res.status !== 204) throw new Error(`influxd /write: ${res.status} ${await res.text()}`);
  });
  return VALUES / ((performance.now() - started) / 1000);
}

/** Prepared-statement inserts into the store's own schema, one durable transaction per vessel-batch. */
async function directSqlite(path: string): Promise<number> {
  const schema = new SqliteStore(path);
  await schema.start();
  await schema.stop();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  const insert = db.prepare('INSERT INTO samples (vessel, signal, t, v) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET v = excluded.v');
  const signal = new Map<string, number>(PATHS.map((p, i) => [p, i + 1]));
  const rows = fleetBatches().map(({ vessel, payload }) => {
    const id = Number(vessel.split('-')[1]) + 1;
    return samplesOf(payload).flatMap((s) => Object.entries(s.v).map(([p, v]) => [id, signal.get(p)!, s.t, v] as const));
  });
  const write = db.transaction((batch: (readonly [number, number, number, number])[]) => { for (const r of batch) insert.run(...r); });
  const started = performance.now();
  for (const batch of rows) write(batch);
  const rate = VALUES / ((performance.now() - started) / 1000);
  db.close();
  return rate;
}

interface Pipelined {
  rate: number;
  /** CPU the shore (broker, ingest, store client: this process) spent per value: little swayed by other load. */
  shoreCpuUs: number;
}

/** From the first publish to the last batch acknowledged (acks follow durable writes), then checked by counting. */
async function pipeline(config: Partial<ServerConfigInput>, brokerUrl?: string): Promise<Pipelined> {
  const shore = await startShore(config);
  try {
    const cpu = process.cpuUsage();
    const run = await runFleetProcess({
      brokerUrl: brokerUrl ?? shore.mqttUrl, vessels: VESSELS, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES,
      paths: PATHS as SignalPath[], t0: T0, window: 8, timeoutMs: 600_000,
    });
    const { user, system } = process.cpuUsage(cpu);
    let stored = 0;
    for (let v = 0; v < VESSELS; v++) stored += await shore.server.store.countValues(asVesselId(`sim-${v}`), T0, T0 + BATCHES * SAMPLES * 1000);
    if (stored !== run.valuesSent) throw new Error(`stored ${stored} of ${run.valuesSent} values`);
    return { rate: run.valuesSent / (run.elapsedMs / 1000), shoreCpuUs: (user + system) / run.valuesSent };
  } finally {
    await shore.stop();
  }
}

interface Round { direct: number; pipeline: number; shoreCpuUs: number }

/**
 * Direct writes and the pipeline take turns for a few rounds, each into a fresh database, and the round with
 * the median ratio is kept: a load from elsewhere on the machine, or the store's background work on the
 * previous round's data (influxd's snapshots and compactions), then weighs on both sides alike.
 */
async function rounds(direct: (round: number) => Promise<number>, pipe: (round: number) => Promise<Pipelined>): Promise<Round & { all: Round[] }> {
  const all: Round[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const reference = await direct(r);
    const { rate, shoreCpuUs } = await pipe(r);
    all.push({ direct: reference, pipeline: rate, shoreCpuUs });
  }
  const byRatio = [...all].sort((a, b) => a.pipeline / a.direct - b.pipeline / b.direct);
  return { ...byRatio[Math.floor((byRatio.length - 1) / 2)]!, all };
}

const ratios = (all: Round[]) => `ratios over ${all.length} alternating rounds ${all.map((r) => (r.pipeline / r.direct).toFixed(2)).join(', ')}; the median one kept`;

/**
 * Values per second from MQTT publish to stored-and-queryable, beside the same store's direct write rate in the
 * same run. The simulated fleet runs as its own process; the shore is one process with its embedded broker
 * (SILLAGE_BENCH_BROKER=mosquitto puts mosquitto in front instead).
 */
export default async function run(): Promise<BenchResult[]> {
  const external = process.env.SILLAGE_BENCH_BROKER === 'mosquitto' ? await startMosquitto() : undefined;
  const mqttConfig = external ? { mqtt: { url: external.url } } : {};
  const influxd = await startInfluxd();
  const { dir, remove } = tempDir('sillage-bench-ingest-');
  const out: BenchResult[] = [];
  const workload = `${VESSELS} vessels × ${BATCHES} batches × ${SAMPLES} samples × ${PATHS.length} signals = ${VALUES} values`;
  const broker = external ? 'mosquitto in front' : 'embedded broker';
  try {
    const influx = await rounds(
      (r) => directInflux(influxd.url, `direct${r}`),
      (r) => pipeline({ ...mqttConfig, influxUrl: influxd.urlFor(`pipeline${r}`) }, external?.url));
    const ratioI = influx.pipeline / influx.direct;
    out.push(
      { id: 'ingest.influxdb.values_per_s', value: Math.round(influx.pipeline), unit: 'values/s', reference: Math.round(influx.direct), ratio: ratioI, note: `${workload}; ${broker}; reference = direct line-protocol /write, ${DIRECT_CONCURRENCY} requests in flight, same influxd; ${ratios(influx.all)}` },
      { id: 'ingest.influxdb.ratio_to_direct', value: Number(ratioI.toFixed(3)), unit: 'ratio', reference: 0.5, ratio: ratioI / 0.5, note: 'reference = the 50 % target' },
      { id: 'ingest.influxdb.shore_cpu_us_per_value', value: Number(influx.shoreCpuUs.toFixed(3)), unit: 'µs CPU/value', reference: null, ratio: null, note: `shore process (embedded broker, ingest, InfluxDB client) in the median round; ${influx.all.map((r) => r.shoreCpuUs.toFixed(2)).join(', ')} over the rounds` },
    );
    const sqlite = await rounds(
      (r) => directSqlite(join(dir, `direct-${r}.db`)),
      () => pipeline({ ...mqttConfig }, external?.url));
    const ratioS = sqlite.pipeline / sqlite.direct;
    out.push(
      { id: 'ingest.sqlite.values_per_s', value: Math.round(sqlite.pipeline), unit: 'values/s', reference: Math.round(sqlite.direct), ratio: ratioS, note: `${workload}; ${broker}; reference = direct prepared inserts, one WAL transaction (synchronous=FULL) per batch; ${ratios(sqlite.all)}` },
      { id: 'ingest.sqlite.ratio_to_direct', value: Number(ratioS.toFixed(3)), unit: 'ratio', reference: 0.5, ratio: ratioS / 0.5, note: 'reference = the 50 % target' },
      { id: 'ingest.sqlite.shore_cpu_us_per_value', value: Number(sqlite.shoreCpuUs.toFixed(3)), unit: 'µs CPU/value', reference: null, ratio: null, note: `shore process (embedded broker, ingest, SQLite writes) in the median round; ${sqlite.all.map((r) => r.shoreCpuUs.toFixed(2)).join(', ')} over the rounds` },
    );
  } finally {
    await influxd.stop();
    await external?.stop();
    remove();
  }
  return out;
}
