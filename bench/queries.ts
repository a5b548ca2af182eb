import { asSignalPath, type SignalPath } from '../shared/registry/index.ts';
import { asVesselId } from '../shared/wire/ids.ts';
import type { TelemetrySample } from '../shared/wire/telemetry.ts';
import { startInfluxd } from '../test/helpers/influxd.ts';
import { startShore } from '../test/helpers/shore.ts';
import { fleetPaths } from '../test/scaleout/synthetic-fleet.ts';
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
 * vessels' 31 M in influxd), downsampled by the store to ~1,000 points per series.
 */
export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const influxd = await startInfluxd();
  const shore = await startShore({ influxUrl: influxd.urlFor('season') });
  try {
    const to = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const from = to - CHART_DAYS * DAY_MS;
    const loadStarted = Date.now();
    await Promise.all(Array.from({ length: CHART_VESSELS }, (_, i) =>
      loadChartData((v, s) => shore.server.store.write(asVesselId(v), s), `chart-${i}`, from, CHART_DAYS)));
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const url = `${shore.httpUrl}/api/vessels/chart-0/series?paths=${CHART_PATHS.join(',')}&from=${from}&to=${to}&step=${Math.floor((to - from) / 1000)}`;
    const sorted = await latencies(url, CHART_RUNS, (body) => {
      const series = (body as { series: Record<string, { t: number[] }> }).series;
      for (const p of CHART_PATHS) {
        const n = series[asSignalPath(p)]?.t.length ?? 0;
        if (n < 900 || n > 1100) throw new Error(`${p}: ${n} points, ~1000 expected`);
      }
    });
    const values = CHART_DAYS * 86_400 * CHART_PATHS.length;
    const note = `${CHART_DAYS} d × 1 Hz × ${CHART_PATHS.length} signals = ${values} values in the chart (${CHART_VESSELS} such vessels stored, loaded in ${loadSeconds.toFixed(0)} s); influxd 1.6 scanning raw points (mean, min, max, count per bucket; no roll-ups); ${CHART_RUNS} requests after a warm-up; p50 ${percentile(sorted, 50).toFixed(0)} ms`;
    out.push(
      { id: 'query.chart_30d.p95_ms', value: Number(percentile(sorted, 95).toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
      { id: 'query.chart_30d.p50_ms', value: Number(percentile(sorted, 50).toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
    );
  } finally {
    await shore.stop();
    await influxd.stop();
  }

  return out;
}
