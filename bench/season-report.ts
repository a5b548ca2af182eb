import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { TripRepository } from '../server/analytics/trip-repository.ts';
import { buildReport, type EvidenceReport } from '../server/reports/build-report.ts';
import { HourDigestIndex } from '../server/reports/hour-digests.ts';
import { DAY_MS, digestInputs, READS_AT_ONCE } from '../server/reports/input-digest.ts';
import { readReproducibility } from '../server/reports/read-report.ts';
import { renderReport } from '../server/reports/report-files.ts';
import { verifyReport } from '../server/reports/verify-report.ts';
import { StateDatabase } from '../server/state/state-db.ts';
import { ChangeTrackingStore } from '../server/store/change-tracking-store.ts';
import { InfluxStore } from '../server/store/influx-store.ts';
import { SqliteStore } from '../server/store/sqlite-store.ts';
import { SOFTWARE_VERSION } from '../server/version.ts';
import type { SignalPath } from '../shared/registry/index.ts';
import type { TripRecord } from '../shared/savings/index.ts';
import { asVesselId, type VesselId } from '../shared/wire/ids.ts';
import type { TelemetrySample } from '../shared/wire/telemetry.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { fleetPaths } from '../test/scaleout/synthetic-fleet.ts';
import { percentile } from './queries.ts';
import type { BenchResult } from './result.ts';

const HOUR_MS = 3_600_000;
const SEASON_DAYS = Number(process.env.SILLAGE_BENCH_SEASON_DAYS ?? 122);
const SIGNALS = Number(process.env.SILLAGE_BENCH_SEASON_SIGNALS ?? 80);
/**
 * A directory where the loaded season (influxd's data and the shore's state database) is kept between runs: a run
 * that finds there a season of the same size reuses it instead of loading it again. Without it, a temporary one.
 */
const CACHE_DIR = process.env.SILLAGE_BENCH_SEASON_CACHE;
const SQLITE_SIGNALS = Number(process.env.SILLAGE_BENCH_SEASON_SQLITE_SIGNALS ?? 2);
/** The SQLite store's days: fewer, then more (30,120 by default). */
const SQLITE_DAYS = (process.env.SILLAGE_BENCH_SEASON_SQLITE_DAYS ?? '30,120').split(',').map(Number);
const VESSELS = 2;
const COLD_RUNS = 3;
const WARM_RUNS = 10;
const BATCH_MS = 15 * 60_000;
/** Day trips: out at 04:00 UTC, back by 18:00; each trip runs to the next departure, the last ends at its arrival. */
const DEPART_MS = 4 * HOUR_MS;
const ARRIVE_MS = 18 * HOUR_MS;
const SEASON_START = Date.UTC(2025, 4, 1);

/** Days of 1 Hz data, a quarter of an hour per write, through the store port as ingest writes (digests kept as it goes). */
async function load(store: ChangeTrackingStore, vessel: VesselId, fromDay: number, days: number, paths: readonly SignalPath[]): Promise<void> {
  const from = SEASON_START + fromDay * DAY_MS;
  for (let start = from; start < from + days * DAY_MS; start += BATCH_MS) {
    const samples: TelemetrySample[] = [];
    for (let t = start; t < start + BATCH_MS; t += 1000) {
      const s = (t - SEASON_START) / 1000;
      const v: Record<string, number> = {};
      paths.forEach((p, j) => { v[p] = 100 + ((Math.floor(s / 3600) * 7 + s * (j + 3)) % 997) / 10; });
      samples.push({ t, v: v as TelemetrySample['v'] });
    }
    await store.write(vessel, samples);
  }
}

/** A closed trip without figures: the report needs its span, and the benchmark measures what the span costs to digest. */
function tripRecord(start: number, end: number, departure: number, arrival: number): TripRecord {
  return {
    start, end, departure, arrival, status: 'closed', phases: [], byPhase: {},
    coverage: { seconds: 0, coveredSeconds: 0, atSeaSeconds: 0, atSeaCoveredSeconds: 0, gapSeconds: 0, incompleteSeconds: 0, implausibleSeconds: 0, fuelFallbackSeconds: 0, clockAnomalies: 0 },
    battery: { socDeparture: null, socArrival: null }, generation: { energy: 0, marginalFuel: 0, meteredFuel: 0, expectedFuel: 0 },
    comfort: { silentSecondsAtSea: 0, noise: {} }, metierMisfit: {}, segments: [], hours: [],
  };
}

function saveTrips(trips: TripRepository, vessel: VesselId, days: number): void {
  for (let d = 0; d < days; d++) {
    const day = SEASON_START + d * DAY_MS;
    const last = d === days - 1;
    trips.save(vessel, tripRecord(day + DEPART_MS, last ? day + ARRIVE_MS : day + DAY_MS + DEPART_MS - 1000, day + DEPART_MS, day + ARRIVE_MS), null, Date.now());
  }
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const out = await f();
  return [performance.now() - started, out];
}

/** Runs `task` over `items`, `concurrency` at a time. */
async function eachAtOnce<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let k = next++; k < items.length; k = next++) await task(items[k]!);
  }));
}

/** One InfluxQL GET, its answer read to the end and dropped: what the store itself takes to export it. */
function rawQuery(base: string, agent: http.Agent, search: URLSearchParams, accept: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(`${base}/query?${search}`, { agent, headers: { accept } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`influxd /query: ${res.statusCode}`))));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * InfluxDB's own export of the season's values (every field, as `--verify` asks) over its HTTP API, answers
 * dropped unparsed, the same number of requests in flight as `--verify` keeps: in JSON hour by hour, and a
 * whole vessel-day per request in chunked (streamed) answers, in JSON and in MessagePack. The fastest is the
 * store's read rate.
 */
async function rawExport(base: string, database: string, vessels: readonly VesselId[], from: number, to: number): Promise<{ hourly: number; daily: number; dailyMessagePack: number }> {
  const agent = new http.Agent({ keepAlive: true });
  const statement = (vessel: VesselId, a: number, b: number) =>
    `SELECT *::field FROM telemetry WHERE "vessel" = '${vessel}' AND time >= ${BigInt(a) * 1_000_000n} AND time < ${BigInt(b) * 1_000_000n}`;
  const spans = (step: number) => vessels.flatMap((vessel) => {
    const out: { vessel: VesselId; a: number; b: number }[] = [];
    for (let a = from; a < to; a = Math.min(to, Math.floor(a / step) * step + step)) out.push({ vessel, a, b: Math.min(to, Math.floor(a / step) * step + step) });
    return out;
  });
  const exportAll = (step: number, accept: string, chunked: Record<string, string>) => timed(() => eachAtOnce(spans(step), READS_AT_ONCE, async ({ vessel, a, b }) => {
    await rawQuery(base, agent, new URLSearchParams({ db: database, q: statement(vessel, a, b), epoch: 'ms', ...chunked }), accept);
  }));
  const streamed = { chunked: 'true', chunk_size: '10000' };
  try {
    const [hourly] = await exportAll(HOUR_MS, 'application/json', {});
    const [daily] = await exportAll(DAY_MS, 'application/json', streamed);
    const [dailyMessagePack] = await exportAll(DAY_MS, 'application/x-msgpack', streamed);
    return { hourly, daily, dailyMessagePack };
  } finally {
    agent.destroy();
  }
}

/** The season in the cache directory if it holds one of this size; loaded there (or in a temporary directory) otherwise. */
async function season(paths: readonly SignalPath[], vessels: readonly VesselId[]) {
  const temporary = CACHE_DIR === undefined ? tempDir('sillage-season-') : undefined;
  const dir = CACHE_DIR ?? temporary!.dir;
  const manifest = join(dir, 'season.json');
  const size = JSON.stringify({ days: SEASON_DAYS, signals: paths.length, vessels, start: SEASON_START, batchMs: BATCH_MS });
  const reused = existsSync(manifest) && readFileSync(manifest, 'utf8') === size;
  if (!reused) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'influxd'), { recursive: true });
  }
  const influxd = await startInfluxd({ dataDir: join(dir, 'influxd') });
  const state = new StateDatabase(join(dir, 'state'));
  await state.start();
  const store = new ChangeTrackingStore(new InfluxStore(influxd.urlFor('season')), state);
  await store.start();
  let loadMs = 0;
  if (!reused) {
    console.log(`  loading ${vessels.length} vessels × ${SEASON_DAYS} d × ${paths.length} signals into ${dir}`);
    [loadMs] = await timed(() => Promise.all(vessels.map((v) => load(store, v, 0, SEASON_DAYS, paths))));
    const trips = new TripRepository({ db: state.db });
    await trips.start();
    for (const v of vessels) saveTrips(trips, v, SEASON_DAYS);
    writeFileSync(manifest, size);
    console.log(`  loaded in ${(loadMs / 1000).toFixed(0)} s`);
  }
  return {
    influxd, state, store, reused, loadMs,
    async close() {
      await store.stop();
      await state.stop();
      await influxd.stop();
      temporary?.remove();
    },
  };
}

/** A season report as `/api/reports` and `sillage report` build it, with objects of its own (as a fresh process has). */
async function seasonReport(store: ChangeTrackingStore, state: StateDatabase, days: number, vessels: number): Promise<EvidenceReport> {
  const trips = new TripRepository({ db: state.db });
  await trips.start();
  const request = { scope: 'period' as const, from: SEASON_START, to: SEASON_START + days * DAY_MS };
  const report = await buildReport(request, { trips, store, profiles: new Map(), version: SOFTWARE_VERSION, digests: new HourDigestIndex(state.db) });
  renderReport(report, 'json', 'en');
  if (report.trips.length !== vessels * days) throw new Error(`${report.trips.length} trips in the season report, ${vessels * days} expected`);
  // The window ends 1 ms into the last arrival's hour: that sliver is all a report reads back.
  if (report.reproducibility.input.hoursRead > vessels) throw new Error(`${report.reproducibility.input.hoursRead} hours read back by a season report`);
  return report;
}

/** Does the SQLite store's cost per day stay flat as it holds more days? Reports and full reads at 30 and 120 days. */
async function sqliteFlatness(): Promise<{ stored: number; verifyMsPerDay: number; reportMs: number }[]> {
  const { dir, remove } = tempDir('sillage-season-sqlite-');
  const state = new StateDatabase(dir);
  await state.start();
  const store = new ChangeTrackingStore(new SqliteStore(join(dir, 'telemetry.db')), state);
  await store.start();
  const vessel = asVesselId('season-sqlite');
  const paths = fleetPaths(SQLITE_SIGNALS);
  const trips = new TripRepository({ db: state.db });
  await trips.start();
  const out = [];
  try {
    let stored = 0;
    for (const days of SQLITE_DAYS) {
      const [loadMs] = await timed(() => load(store, vessel, stored, days - stored, paths));
      console.log(`  SQLite: ${days - stored} days loaded in ${(loadMs / 1000).toFixed(0)} s`);
      stored = days;
      saveTrips(trips, vessel, days);
      const [verifyMs, digest] = await timed(() => digestInputs(store, [vessel], { from: SEASON_START, to: SEASON_START + days * DAY_MS }));
      if (digest.values !== days * 86_400 * SQLITE_SIGNALS) throw new Error(`${digest.values} values read back from ${days} SQLite days`);
      const reports: number[] = [];
      for (let i = 0; i < WARM_RUNS; i++) reports.push((await timed(() => seasonReport(store, state, days, 1)))[0]);
      out.push({ stored: days, verifyMsPerDay: verifyMs / days, reportMs: percentile(reports.sort((a, b) => a - b), 50) });
    }
    return out;
  } finally {
    await store.stop();
    await state.stop();
    remove();
  }
}

/**
 * A whole season's period report, built the way `/api/reports` and `sillage report` build it, over a season of
 * synthetic 1 Hz data in influxd stored through the store port (so the hour digests are kept as it is stored);
 * then `--verify` of that report, which reads every value back, beside InfluxDB's own export of the same values;
 * then the SQLite store's cost per day at 30 and 120 stored days.
 */
export default async function run(): Promise<BenchResult[]> {
  const paths = fleetPaths(SIGNALS);
  const vessels = Array.from({ length: VESSELS }, (_, i) => asVesselId(`season-${i}`));
  const s = await season(paths, vessels);
  const results: BenchResult[] = [];
  try {
    const cold: number[] = [];
    let report: EvidenceReport | undefined;
    for (let i = 0; i < COLD_RUNS; i++) {
      const [ms, r] = await timed(() => seasonReport(s.store, s.state, SEASON_DAYS, VESSELS));
      cold.push(ms);
      report = r;
    }
    const warm: number[] = [];
    const trips = new TripRepository({ db: s.state.db });
    await trips.start();
    const digests = new HourDigestIndex(s.state.db);
    const request = { scope: 'period' as const, from: SEASON_START, to: SEASON_START + SEASON_DAYS * DAY_MS };
    for (let i = 0; i < WARM_RUNS; i++) {
      const [ms, r] = await timed(async () => renderReport(await buildReport(request, { trips, store: s.store, profiles: new Map(), version: SOFTWARE_VERSION, digests }), 'json', 'en'));
      if (!r.includes(report!.reproducibility.input.sha256)) throw new Error('a warm report\'s digest differs from the cold one');
      warm.push(ms);
    }
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    const { input, dataWindow } = report!.reproducibility;

    const reported = readReproducibility(renderReport(report!, 'json', 'en'));
    const [verifyMs, verification] = await timed(() => verifyReport(reported, { store: s.store, profiles: new Map(), version: SOFTWARE_VERSION }));
    if (!verification.matches) throw new Error('--verify of the season report found it changed');
    console.log(`  reports: cold p50 ${percentile(cold, 50).toFixed(0)} ms, warm p50 ${percentile(warm, 50).toFixed(0)} ms; --verify ${(verifyMs / 1000).toFixed(1)} s`);
    const raw = await rawExport(s.influxd.url, 'season', vessels, dataWindow.from, dataWindow.to);
    const rawMs = Math.min(raw.hourly, raw.daily, raw.dailyMessagePack);
    const rate = (ms: number) => Math.round(input.values / (ms / 1000));

    const scale = `${VESSELS} vessels × ${SEASON_DAYS} d × 1 Hz × ${SIGNALS} signals (SILLAGE_BENCH_SEASON_DAYS, _SIGNALS), ${input.values} values in the report's window, synthetic, `
      + `${s.reused ? `reused from SILLAGE_BENCH_SEASON_CACHE (${CACHE_DIR})` : `loaded through the store port in ${(s.loadMs / 1000).toFixed(0)} s (15 min of data per write, hour digests kept as it was stored)`}; `
      + `influxd 1.6; ${VESSELS * SEASON_DAYS} synthetic day trips (04:00–18:00 UTC, no savings figures); report built and rendered as JSON in-process (no HTTP); 2-core machine shared with other work`;
    results.push(
      {
        id: 'query.season_report.p95_ms', value: Number(percentile(warm, 95).toFixed(1)), unit: 'ms', reference: Number(percentile(cold, 95).toFixed(1)),
        ratio: Number((percentile(warm, 95) / percentile(cold, 95)).toFixed(4)),
        note: `warm: ${WARM_RUNS} reports by one process, p50 ${percentile(warm, 50).toFixed(0)} ms; reference = cold p95 (${COLD_RUNS} reports, each with its own trip repository and digest index, as a fresh process); `
          + `${input.hoursRead} vessel-hours read back per report, the others from the hour digests; ${scale}`,
      },
      {
        id: 'query.season_report.cold.p95_ms', value: Number(percentile(cold, 95).toFixed(1)), unit: 'ms', reference: null, ratio: null,
        note: `first report of the season by a fresh set of objects: the hour digests were kept as the data was stored, so nothing is read back but the window's last ${input.hoursRead} partial hours; ${COLD_RUNS} reports, p50 ${percentile(cold, 50).toFixed(0)} ms; ${scale}`,
      },
      {
        id: 'query.season_verify.values_per_s', value: rate(verifyMs), unit: 'values/s', reference: rate(rawMs), ratio: Number((rawMs / verifyMs).toFixed(3)),
        note: `sillage report --verify of the season report (verifyReport in-process): every value read back a vessel-day per request in chunked MessagePack answers, ${READS_AT_ONCE} requests in flight, digested; ${(verifyMs / 1000).toFixed(1)} s. `
          + `Reference = InfluxDB's own export of the same values, answers dropped unparsed, ${READS_AT_ONCE} requests in flight, the fastest of JSON hour by hour (${(raw.hourly / 1000).toFixed(1)} s), `
          + `a vessel-day per chunked request in JSON (${(raw.daily / 1000).toFixed(1)} s) and in MessagePack (${(raw.dailyMessagePack / 1000).toFixed(1)} s); ${scale}`,
      },
    );
  } finally {
    await s.close();
  }
  const sqlite = await sqliteFlatness();
  const small = sqlite[0]!;
  const large = sqlite.at(-1)!;
  results.push(
    {
      id: 'query.season_verify.sqlite_ms_per_day', value: Number(large.verifyMsPerDay.toFixed(1)), unit: 'ms / vessel-day', reference: Number(small.verifyMsPerDay.toFixed(1)),
      ratio: Number((large.verifyMsPerDay / small.verifyMsPerDay).toFixed(3)),
      note: `SQLite store, 1 vessel × 1 Hz × ${SQLITE_SIGNALS} signals (SILLAGE_BENCH_SEASON_SQLITE_SIGNALS): every value of all the stored days read back and digested, per day, with ${large.stored} days stored; `
        + `reference = the same with ${small.stored} days stored (a ratio near 1: the cost per day does not grow with what is stored)`,
    },
    {
      id: 'query.season_report.sqlite_ms', value: Number(large.reportMs.toFixed(1)), unit: 'ms', reference: Number(small.reportMs.toFixed(1)),
      ratio: Number((large.reportMs / small.reportMs).toFixed(3)),
      note: `SQLite store, report of all ${large.stored} stored days (${large.stored} trips, hour digests), p50 of ${WARM_RUNS}; reference = the report of all ${small.stored} days with ${small.stored} stored `
        + `(${(large.stored / small.stored).toFixed(0)}× the days: a ratio near that is linear)`,
    },
  );
  return results;
}
