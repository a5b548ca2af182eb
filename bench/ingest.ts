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
async function directInflux(url: string): Promise<number> {
  await fetch(`${url}/query?q=${encodeURIComponent('CREATE DATABASE direct')}`, { method: 'POST' });
  const bodies = fleetBatches().map(({ vessel, payload }) => samplesOf(payload)
    .map((s) => `telemetry,vessel=${vessel} ${Object.entries(s.v).map(([p, v]) => `${p}=${v}`).join(',')} ${s.t}`).join('\n'));
  const started = performance.now();
  await inParallel(bodies, DIRECT_CONCURRENCY, async (body) => {
    const res = await fetch(`${url}/write?db=direct&precision=ms`, { method: 'POST', body });
    if (res.status !== 204) throw new Error(`influxd /write: ${res.status} ${await res.text()}`);
  });
  return VALUES / ((performance.now() - started) / 1000);
}

/** Prepared-statement inserts into the store's own schema, one durable transaction per vessel-batch. */
async function directSqlite(dir: string): Promise<number> {
  const path = join(dir, 'direct.db');
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

/** From the first publish to the last batch acknowledged (acks follow durable writes), then checked by counting. */
async function pipeline(config: Partial<ServerConfigInput>, brokerUrl?: string): Promise<number> {
  const shore = await startShore(config);
  try {
    const run = await runFleetProcess({
      brokerUrl: brokerUrl ?? shore.mqttUrl, vessels: VESSELS, batchesPerVessel: BATCHES, samplesPerBatch: SAMPLES,
      paths: PATHS as SignalPath[], t0: T0, window: 8, timeoutMs: 600_000,
    });
    let stored = 0;
    for (let v = 0; v < VESSELS; v++) stored += await shore.server.store.countValues(asVesselId(`sim-${v}`), T0, T0 + BATCHES * SAMPLES * 1000);
    if (stored !== run.valuesSent) throw new Error(`stored ${stored} of ${run.valuesSent} values`);
    return run.valuesSent / (run.elapsedMs / 1000);
  } finally {
    await shore.stop();
  }
}

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
    const directI = await directInflux(influxd.url);
    const pipeI = await pipeline({ ...mqttConfig, influxUrl: influxd.urlFor('pipeline') }, external?.url);
    out.push(
      { id: 'ingest.influxdb.values_per_s', value: Math.round(pipeI), unit: 'values/s', reference: Math.round(directI), ratio: pipeI / directI, note: `${workload}; ${broker}; reference = direct line-protocol /write, ${DIRECT_CONCURRENCY} requests in flight, same influxd` },
      { id: 'ingest.influxdb.ratio_to_direct', value: Number((pipeI / directI).toFixed(3)), unit: 'ratio', reference: 0.5, ratio: pipeI / directI / 0.5, note: 'reference = the 50 % target' },
    );
    const directS = await directSqlite(dir);
    const pipeS = await pipeline({ ...mqttConfig }, external?.url);
    out.push(
      { id: 'ingest.sqlite.values_per_s', value: Math.round(pipeS), unit: 'values/s', reference: Math.round(directS), ratio: pipeS / directS, note: `${workload}; ${broker}; reference = direct prepared inserts, one WAL transaction (synchronous=FULL) per batch` },
      { id: 'ingest.sqlite.ratio_to_direct', value: Number((pipeS / directS).toFixed(3)), unit: 'ratio', reference: 0.5, ratio: pipeS / directS / 0.5, note: 'reference = the 50 % target' },
    );
  } finally {
    await influxd.stop();
    await external?.stop();
    remove();
  }
  return out;
}
