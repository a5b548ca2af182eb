import { join } from 'node:path';
import { TripRepository } from '../server/analytics/trip-repository.ts';
import { buildReport } from '../server/reports/build-report.ts';
import { DayDigestCache } from '../server/reports/day-digest-cache.ts';
import { DAY_MS, digestInputs } from '../server/reports/input-digest.ts';
import { renderReport } from '../server/reports/report-files.ts';
import { openStateDb, StateDatabase } from '../server/state/state-db.ts';
import { ChangeTrackingStore } from '../server/store/change-tracking-store.ts';
import { openStore } from '../server/store/open-store.ts';
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
const SIGNALS = Number(process.env.SILLAGE_BENCH_SEASON_SIGNALS ?? 4);
const VESSELS = 2;
const COLD_RUNS = Number(process.env.SILLAGE_BENCH_SEASON_COLD_RUNS ?? 2);
const WARM_RUNS = 10;
/** A real vessel's signal count: one day of it is digested to scale the season's figures to it. */
const FULL_SIGNALS = 80;
const FULL_DAYS = 2;
/** Day trips: out at 04:00 UTC, back by 18:00; each trip runs to the next departure, the last ends at its arrival. */
const DEPART_MS = 4 * HOUR_MS;
const ARRIVE_MS = 18 * HOUR_MS;

/** Hours of 1 Hz data, one write per hour straight through the store port (noted in the change log, as ingest does). */
async function load(store: ChangeTrackingStore, vessel: VesselId, from: number, hours: number, paths: readonly SignalPath[]): Promise<void> {
  for (let hour = 0; hour < hours; hour++) {
    const samples: TelemetrySample[] = [];
    for (let s = 0; s < 3600; s++) {
      const v: Record<string, number> = {};
      paths.forEach((p, j) => { v[p] = 100 + ((hour * 7 + s * (j + 3)) % 997) / 10; });
      samples.push({ t: from + hour * HOUR_MS + s * 1000, v: v as TelemetrySample['v'] });
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

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const out = await f();
  return [performance.now() - started, out];
}

/**
 * A whole season's period report, built the way `/api/reports` and `sillage report` build it, over a season of
 * synthetic 1 Hz data in influxd: cold (every day read and digested, the day digests stored) and warm (the whole days
 * answered by the cache, the partial days at the window's edges read). Two days of a vessel with all its signals
 * are digested too, to scale the figures to a real vessel.
 */
export default async function run(): Promise<BenchResult[]> {
  const { dir, remove } = tempDir('sillage-season-');
  const influxd = await startInfluxd();
  const state = new StateDatabase(dir);
  await state.start();
  const store = new ChangeTrackingStore(openStore({ influxUrl: influxd.urlFor('season'), dataDir: dir }), state);
  await store.start();
  const { db } = state;
  const coldDbs: ReturnType<typeof openStateDb>[] = [];
  try {
    const paths = fleetPaths(FULL_SIGNALS).slice(0, SIGNALS);
    const seasonStart = Date.UTC(2025, 4, 1);
    const vessels = Array.from({ length: VESSELS }, (_, i) => asVesselId(`season-${i}`));
    const [loadMs] = await timed(() => Promise.all(vessels.map((v) => load(store, v, seasonStart, SEASON_DAYS * 24, paths))));
    const trips = new TripRepository({ db });
    await trips.start();
    for (const vessel of vessels) {
      for (let d = 0; d < SEASON_DAYS; d++) {
        const day = seasonStart + d * DAY_MS;
        const last = d === SEASON_DAYS - 1;
        trips.save(vessel, tripRecord(day + DEPART_MS, last ? day + ARRIVE_MS : day + DAY_MS + DEPART_MS - 1000, day + DEPART_MS, day + ARRIVE_MS), null, Date.now());
      }
    }
    const request = { scope: 'period' as const, from: seasonStart, to: seasonStart + SEASON_DAYS * DAY_MS };
    // Every write above has returned: none is in flight, so the digests need no settling time here.
    const report = (cache: DayDigestCache) => timed(async () => {
      const r = await buildReport(request, { trips, store, profiles: new Map(), version: SOFTWARE_VERSION, digests: cache });
      renderReport(r, 'json');
      if (r.trips.length !== VESSELS * SEASON_DAYS) throw new Error(`${r.trips.length} trips in the season report, ${VESSELS * SEASON_DAYS} expected`);
      return r.reproducibility.input;
    });
    const cold: number[] = [];
    let cache: DayDigestCache | undefined;
    let coldInput;
    for (let i = 0; i < COLD_RUNS; i++) {
      // An empty cache in a state database of its own: the first report after an upgrade, or of a season never reported.
      coldDbs.push(openStateDb(join(dir, `cold-${i}.db`)));
      cache = new DayDigestCache(coldDbs[i]!, store.changes, { settleMs: 0 });
      const [ms, input] = await report(cache);
      if (input.cachedDays !== 0) throw new Error(`a cold report took ${input.cachedDays} days from the cache`);
      cold.push(ms);
      coldInput = input;
    }
    const warm: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const [ms, input] = await report(cache!);
      if (input.sha256 !== coldInput!.sha256) throw new Error('the warm report\'s digest differs from the cold one');
      if (input.cachedDays !== input.days - 2 * VESSELS) throw new Error(`${input.cachedDays} of ${input.days} days from the cache, all but the edge days expected`);
      warm.push(ms);
    }
    cold.sort((a, b) => a - b);
    warm.sort((a, b) => a - b);
    const { days, values } = coldInput!;
    const msPerDay = percentile(cold, 50) / days;

    const fullPaths = fleetPaths(FULL_SIGNALS);
    const full = asVesselId('full-signals');
    await load(store, full, seasonStart, FULL_DAYS * 24, fullPaths);
    const [fullMs, fullInput] = await timed(() => digestInputs(store, [full], { from: seasonStart, to: seasonStart + FULL_DAYS * DAY_MS }));
    if (fullInput.values !== FULL_DAYS * 86_400 * FULL_SIGNALS) throw new Error(`${fullInput.values} values in the ${FULL_SIGNALS}-signal days`);
    const fullDayMs = fullMs / FULL_DAYS;
    const edgeHours = (DAY_MS - DEPART_MS + ARRIVE_MS) / HOUR_MS;

    const scale = `${VESSELS} vessels × ${SEASON_DAYS} d × 1 Hz × ${SIGNALS} signals (SILLAGE_BENCH_SEASON_DAYS, _SIGNALS) = ${values} values, synthetic (a real season at ${FULL_SIGNALS} signals would be ${(VESSELS * SEASON_DAYS * 86_400 * FULL_SIGNALS / 1e9).toFixed(2)} G values, too long to load beside other work on this machine), `
      + `loaded through the store port in ${(loadMs / 1000).toFixed(0)} s; influxd 1.6; ${VESSELS * SEASON_DAYS} synthetic day trips (04:00–18:00 UTC, no savings figures), `
      + `report window ${days} vessel-days of which ${2 * VESSELS} partial edge days; report built and rendered as JSON in-process (no HTTP); 2-core machine shared with other work`;
    return [
      {
        id: 'query.season_report.p95_ms', value: Number(percentile(warm, 95).toFixed(1)), unit: 'ms', reference: Number(percentile(cold, 95).toFixed(1)),
        ratio: Number((percentile(warm, 95) / percentile(cold, 95)).toFixed(4)),
        note: `warm: day digests cached and valid, ${WARM_RUNS} reports, p50 ${percentile(warm, 50).toFixed(0)} ms, the edge days read each time; reference = cold p95 (${COLD_RUNS} reports, each with an empty cache); ${scale}`,
      },
      {
        id: 'query.season_report.cold.p95_ms', value: Number(percentile(cold, 95).toFixed(1)), unit: 'ms', reference: null, ratio: null,
        note: `first report of the season, empty cache: every value read and digested, day digests stored; ${COLD_RUNS} reports, p50 ${percentile(cold, 50).toFixed(0)} ms; ${scale}`,
      },
      {
        id: 'query.season_report.ms_per_day', value: Number(msPerDay.toFixed(1)), unit: 'ms / vessel-day', reference: null, ratio: null,
        note: `cold p50 ÷ vessel-days digested, at ${SIGNALS} signals (${Math.round(values / (percentile(cold, 50) / 1000))} values/s)`,
      },
      {
        id: 'query.report.day_digest_80_signals_ms', value: Number(fullDayMs.toFixed(0)), unit: 'ms / vessel-day', reference: null, ratio: null,
        note: `${FULL_DAYS} days of one vessel at 1 Hz × ${FULL_SIGNALS} signals (${fullInput.values} values) read and digested as --verify does, one run, per day; `
          + `a cold season report of ${VESSELS} such vessels × ${SEASON_DAYS} d would take about ${((fullDayMs * VESSELS * SEASON_DAYS) / 60_000).toFixed(0)} min, `
          + `a warm one about ${((fullDayMs * VESSELS * edgeHours) / 24 / 1000).toFixed(0)} s (the edge days, ${edgeHours} h per vessel)`,
      },
    ];
  } finally {
    for (const cold of coldDbs) cold.close();
    await store.stop();
    await state.stop();
    await influxd.stop();
    remove();
  }
}
