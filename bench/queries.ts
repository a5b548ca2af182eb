import { loadavg } from 'node:os';
import { asSignalPath, type SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import type { TelemetrySample } from '../shared/wire/telemetry.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startShore } from '../test/helpers/shore.ts';
import { fleetPaths } from '../test/scaleout/synthetic-fleet.ts';
import { waitFor } from '../test/helpers/wait.ts';
import { RollupJob } from '../server/rollup/rollup-job.ts';
import type { BenchResult } from './result.ts';

const DAY_MS = 86_400_000;
const CHART_DAYS = Number(process.env.SILLAGE_BENCH_CHART_DAYS ?? 30);
const CHART_PATHS = fleetPaths(80).slice(0, 6);
const CHART_VESSELS = 2;
const CHART_RUNS = Number(process.env.SILLAGE_BENCH_CHART_RUNS ?? 6);

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Latencies of `runs` requests after one warm-up, sorted. */
export async function latencies(url: string, runs: number, check: (body: unknown) => void): Promise<number[]> {
  const out: number[] = [];
  for (let i = -1; i < runs; i++) {
    const started = performance.now();
    const res = await fetch(url);
    const body = await res.json();
    const ms = performance.now() - started;
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${JSON.stringify(body)}`);
    check(body);
    if (i >= 0) out.push(ms);
  }
  return out.sort((a, b) => a - b);
}

/** `days` of 1 Hz data for the chart's signals, an hour per write, straight through the store port. */
async function loadChartData(write: (vessel: string, samples: TelemetrySample[]) => Promise<void>, vessel: string, from: number, days: number): Promise<void> {
  for (let hour = 0; hour < days * 24; hour++) {
    const samples: TelemetrySample[] = [];
    for (let s = 0; s < 3600; s++) {
      const t = from + hour * 3_600_000 + s * 1000;
      const v: Record<string, number> = {};
      CHART_PATHS.forEach((p, j) => { v[p] = 100 + ((s * (j + 3)) % 997) / 10; });
      samples.push({ t, v: v as Record<SignalPath, number> });
    }
    await write(vessel, samples);
  }
}

/**
 * Chart latency through the HTTP API: 30 days of a vessel's six signals at 1 Hz (15.5 M values of the two
 * vessels' 31 M in influxd), downsampled by the store to ~1,000 points per series: first with nothing rolled up
 * (every minute aggregated from raw points), then once the roll-up job has rolled up every hour loaded.
 */
export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const influxd = await startInfluxd();
  const shore = await startShore({ influxUrl: influxd.urlFor('season') });
  try {
    const to = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const from = to - CHART_DAYS * DAY_MS;
    const server = shore.server;
    // Held back during the load and the raw timings, so that both measure one thing each.
    await server.rollups!.stop();
    const loadStarted = Date.now();
    await Promise.all(Array.from({ length: CHART_VESSELS }, (_, i) =>
      loadChartData((v, s) => shore.server.store.write(asVesselId(v), s), `chart-${i}`, from, CHART_DAYS)));
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const url = `${shore.httpUrl}/api/vessels/chart-0/series?paths=${CHART_PATHS.join(',')}&from=${from}&to=${to}&step=${Math.floor((to - from) / 1000)}`;
    const check = (body: unknown) => {
      const series = (body as { series: Record<string, { t: number[] }> }).series;
      for (const p of CHART_PATHS) {
        const n = series[asSignalPath(p)]?.t.length ?? 0;
        if (n < 900 || n > 1100) throw new Error(`${p}: ${n} points, ~1000 expected`);
      }
    };
    const raw = await latencies(url, CHART_RUNS, check);
    // The server's own job class on the server's store; no settle wait, since the load is over.
    const job = new RollupJob({
      store: server.store.engine, changes: server.store.changes, index: server.store.rollups,
      oldestUnfinishedWrite: () => server.store.oldestUnfinishedWrite(), settleMs: 0, intervalMs: 100,
    });
    const rollStarted = Date.now();
    await job.start();
    await waitFor(() => job.pendingHours() === 0, 3_600_000, 'roll-ups caught up');
    const rollSeconds = (Date.now() - rollStarted) / 1000;
    await job.stop();
    const rolled = await latencies(url, CHART_RUNS, check);
    const values = CHART_DAYS * 86_400 * CHART_PATHS.length;
    const p = (sorted: readonly number[], n: number) => percentile(sorted, n).toFixed(0);
    const note = `${CHART_DAYS} d × 1 Hz × ${CHART_PATHS.length} signals = ${values} values in the chart (${CHART_VESSELS} such vessels stored, loaded in ${loadSeconds.toFixed(0)} s); ` +
      `influxd 1.6; per-minute roll-ups (count, sum, min, max) of all ${CHART_VESSELS * CHART_DAYS * 24} vessel-hours made by the roll-up job (no settle wait) in ${rollSeconds.toFixed(0)} s after the load; ` +
      `${CHART_RUNS} requests after a warm-up; rolled p50 ${p(rolled, 50)} ms; cold from raw points (nothing rolled up yet) p95 ${p(raw, 95)} ms, p50 ${p(raw, 50)} ms; ` +
      `2 cores shared with other work (load average ${loadavg()[1]!.toFixed(1)} over the last 5 min)`;
    out.push(
      { id: 'query.chart_30d.p95_ms', value: Number(percentile(rolled, 95).toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
      { id: 'query.chart_30d.p50_ms', value: Number(percentile(rolled, 50).toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
      { id: 'query.chart_30d_raw.p95_ms', value: Number(percentile(raw, 95).toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
      { id: 'rollup.chart_30d.seconds', value: Number(rollSeconds.toFixed(1)), unit: 's', reference: null, ratio: null, note },
    );
  } finally {
    await shore.stop();
    await influxd.stop();
  }

  return out;
}
