import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { asSignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startShore } from '../test/helpers/shore.ts';
import { waitFor } from '../test/helpers/wait.ts';
import { RollupJob } from '../server/rollup/rollup-job.ts';
import { CHART_PATHS, loadChartData } from './load/chart-data.ts';
import type { BenchResult } from './result.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const SEASON_DAYS = Number(process.env.SILLAGE_BENCH_SEASON_DAYS ?? 180);
const MONTH_DAYS = 30;
const RUNS = Number(process.env.SILLAGE_BENCH_CHART_RUNS ?? 20);
const RAW_RUNS = Number(process.env.SILLAGE_BENCH_CHART_RAW_RUNS ?? 2);
/**
 * Seconds between samples (1 Hz by default). A chart served from the tiers reads the same rows whatever the rate
 * as long as every minute has a sample, so a sparser season (60: one a minute) measures the charts in minutes
 * where 1 Hz takes half an hour to load and roll up on a busy machine; the raw chart is then no comparison.
 */
const SAMPLE_S = Number(process.env.SILLAGE_BENCH_CHART_SAMPLE_S ?? 1);

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** How long one request takes, its answer read and checked. */
async function latency(url: string, check: (body: unknown) => void): Promise<number> {
  const started = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  const ms = performance.now() - started;
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body)}`);
  check(body);
  return ms;
}

/** Latencies of `runs` requests after one warm-up, sorted; request i (the warm-up −1) asks `urlOf(i)`. */
export async function latencies(urlOf: (i: number) => string, runs: number, check: (body: unknown) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = -1; i < runs; i++) {
    const ms = await latency(urlOf(i), check);
    if (i >= 0) out.push(ms);
  }
  return out.sort((a, b) => a - b);
}

/** Each series holds the ~1,000 points a chart asks for by default (within the 20 % a tier's whole buckets may move it). */
function checkChart(body: unknown): void {
  const series = (body as { series: Record<string, { t: number[] }> }).series;
  for (const p of CHART_PATHS) {
    const n = series[asSignalPath(p)]?.t.length ?? 0;
    if (n < 800 || n > 1250) throw new Error(`${p}: ${n} points, ~1000 expected`);
  }
}

/** Another process loading seasons of data into the same influxd until stopped; how many values it wrote. */
async function startSeasonLoad(influxUrl: string, from: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./load/season-writer.ts', import.meta.url).pathname, influxUrl, 'busy-0', String(from)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let written = 0;
  child.stdout.on('data', (chunk: Buffer) => { written = Number(chunk.toString().trim().split('\n').at(-1)); });
  await waitFor(() => written > 0, 60_000, 'the season load writing');
  return {
    written: () => written,
    stop: async () => {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Chart latency through the HTTP API at season scale: a vessel's six signals at 1 Hz for 180 days (93 M values in
 * influxd), drawn at the default ~1,000 points per series over the last 30 days and over the whole season: first
 * the month with nothing rolled up (every minute aggregated from raw points), then both once the roll-up job has
 * rolled every hour (minutes, 10-minute and hourly tiers), on a quiet shore and while another process loads a
 * season of another vessel into the same influxd. Shore keeps the tier buckets of the hours a chart read, so the
 * first request of a chart is timed apart: the month's and the season's on the quiet shore, and, beside the load,
 * each earlier month of the season (none of whose hours were read at the 10-minute tier before).
 */
export default async function run(): Promise<BenchResult[]> {
  const influxd = await startInfluxd();
  const shore = await startShore({ influxUrl: influxd.urlFor('season') });
  try {
    const to = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const from = to - SEASON_DAYS * DAY_MS;
    const server = shore.server;
    // Held back during the load and the raw timings, so that both measure one thing each.
    await server.rollups!.stop();
    const loadStarted = Date.now();
    await loadChartData((s) => server.store.write(asVesselId('chart-0'), s), from, SEASON_DAYS, SAMPLE_S);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    console.log(`  loaded ${SEASON_DAYS} days in ${loadSeconds.toFixed(0)} s`);
    const chartUrl = (days: number, end = to) => `${shore.httpUrl}/api/vessels/chart-0/series?paths=${CHART_PATHS.join(',')}&from=${end - days * DAY_MS}&to=${end}`;
    const raw = await latencies(() => chartUrl(MONTH_DAYS), RAW_RUNS, checkChart);
    // The server's own job class on the server's store; no settle wait, since the load is over.
    const job = new RollupJob({
      store: server.store.engine, changes: server.store.changes, index: server.store.rollups,
      oldestUnfinishedWrite: () => server.store.oldestUnfinishedWrite(), settleMs: 0, intervalMs: 100,
    });
    const rollStarted = Date.now();
    await job.start();
    await waitFor(() => job.pendingHours() === 0, 3_600_000, 'roll-ups caught up');
    const rollSeconds = (Date.now() - rollStarted) / 1000;
    console.log(`  rolled up in ${rollSeconds.toFixed(0)} s`);
    await job.stop();

    // The first request of each chart finds none of its hours kept on shore: every tier bucket comes from influxd.
    const first = { month: await latency(chartUrl(MONTH_DAYS), checkChart), season: await latency(chartUrl(SEASON_DAYS), checkChart) };
    // Each later request is a chart of its own, its window slid back by whole hours: no two alike, so none is answered
    // by a chart kept whole on shore, as a user browsing the season would not be; the tier buckets kept on shore serve them.
    const slid = (days: number, offset: number) => (i: number) => chartUrl(days, to - (offset + i + 2) * HOUR_MS);
    const quiet = { month: await latencies(slid(MONTH_DAYS, 0), RUNS, checkChart), season: await latencies(slid(SEASON_DAYS, 0), RUNS, checkChart) };
    const quietLoad = loadavg()[0]!;
    const load = await startSeasonLoad(influxd.urlFor('season'), to + DAY_MS);
    const busyStarted = Date.now();
    const writtenBefore = load.written();
    let busy;
    const coldBusy: number[] = [];
    try {
      busy = { month: await latencies(slid(MONTH_DAYS, RUNS + 1), RUNS, checkChart), season: await latencies(slid(SEASON_DAYS, RUNS + 1), RUNS, checkChart) };
      // Earlier months, none read before at the 10-minute tier: charts whose tier buckets all come from the busy influxd.
      for (let back = MONTH_DAYS; back + MONTH_DAYS <= SEASON_DAYS; back += MONTH_DAYS) coldBusy.push(await latency(chartUrl(MONTH_DAYS, to - back * DAY_MS), checkChart));
      coldBusy.sort((a, b) => a - b);
    } finally {
      await load.stop();
    }
    const loadRate = (load.written() - writtenBefore) / ((Date.now() - busyStarted) / 1000);
    const busyLoad = loadavg()[0]!;

    const ms = (sorted: readonly number[], n: number) => percentile(sorted, n).toFixed(0);
    const values = (SEASON_DAYS * 86_400 * CHART_PATHS.length) / SAMPLE_S;
    const common = `${SEASON_DAYS} d × ${SAMPLE_S === 1 ? '1 Hz' : `a sample every ${SAMPLE_S} s`} × ${CHART_PATHS.length} signals = ${values} values of one vessel in influxd 1.6 (loaded in ${loadSeconds.toFixed(0)} s), rolled up (minutes, 10-minute and hourly tiers) by the roll-up job in ${rollSeconds.toFixed(0)} s; default chart (~1,000 points per series); ${RUNS} requests after a warm-up, each a window of its own slid back by whole hours (none answered by a chart kept whole on shore); 2 cores shared with other work`;
    const quietNote = `${common}; quiet shore (1-min load average ${quietLoad.toFixed(1)}); p50 30 d ${ms(quiet.month, 50)} ms, ${SEASON_DAYS} d ${ms(quiet.season, 50)} ms`;
    const busyNote = `${common}; while another process loaded a season of another vessel into the same influxd at ${Math.round(loadRate)} values/s (1-min load average ${busyLoad.toFixed(1)}); p50 30 d ${ms(busy.month, 50)} ms, ${SEASON_DAYS} d ${ms(busy.season, 50)} ms`;
    const p95 = (sorted: readonly number[]) => Number(percentile(sorted, 95).toFixed(1));
    return [
      { id: 'query.chart_30d.p95_ms', value: p95(quiet.month), unit: 'ms', reference: 200, ratio: p95(quiet.month) / 200, note: `${quietNote}; reference = target` },
      { id: 'query.chart_30d.p50_ms', value: Number(percentile(quiet.month, 50).toFixed(1)), unit: 'ms', reference: null, ratio: null, note: quietNote },
      { id: 'query.chart_30d_busy.p95_ms', value: p95(busy.month), unit: 'ms', reference: 200, ratio: p95(busy.month) / 200, note: `${busyNote}; reference = target` },
      { id: 'query.chart_180d.p95_ms', value: p95(quiet.season), unit: 'ms', reference: 500, ratio: p95(quiet.season) / 500, note: `${quietNote}; reference = target` },
      { id: 'query.chart_180d_busy.p95_ms', value: p95(busy.season), unit: 'ms', reference: 500, ratio: p95(busy.season) / 500, note: `${busyNote}; reference = target` },
      { id: 'query.chart_30d_first.ms', value: Number(first.month.toFixed(1)), unit: 'ms', reference: null, ratio: null, note: `${quietNote}; the first request of the 30-day chart, none of its hours kept on shore yet (every tier bucket read from influxd); the season's first: ${first.season.toFixed(0)} ms` },
      { id: 'query.chart_30d_first_busy.max_ms', value: Number(coldBusy.at(-1)!.toFixed(1)), unit: 'ms', reference: null, ratio: null, note: `${busyNote}; the first request of each of the ${coldBusy.length} earlier 30-day charts (none of their hours kept on shore yet), slowest; median ${ms(coldBusy, 50)} ms` },
      { id: 'query.chart_30d_raw.p95_ms', value: p95(raw), unit: 'ms', reference: null, ratio: null, note: `${common}; the 30-day chart before anything was rolled up (every minute from raw points), ${RAW_RUNS} requests after a warm-up, p50 ${ms(raw, 50)} ms` },
      { id: 'rollup.chart_180d.seconds', value: Number(rollSeconds.toFixed(1)), unit: 's', reference: null, ratio: null, note: `${SEASON_DAYS * 24} vessel-hours × ${CHART_PATHS.length} signals rolled up into all tiers by the roll-up job (no settle wait), after the load` },
    ];
  } finally {
    await shore.stop();
    await influxd.stop();
  }
}
