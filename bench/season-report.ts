import { startShoreWithTrip } from '../test/server/web/simulated-shore.ts';
import { latencies, percentile } from './queries.ts';
import type { BenchResult } from './result.ts';

const REPORT_HOURS = Number(process.env.SILLAGE_BENCH_REPORT_HOURS ?? 6);
const REPORT_RUNS = 10;

/**
 * A period report (`/api/reports?scope=period`) over a simulated trip replayed by a real edge into SQLite; a
 * report digests every stored value of its window, so its cost grows with the data, and the digest rate is
 * reported beside it to scale it to a season.
 */
export default async function run(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  const trip = await startShoreWithTrip({ hoursAgo: REPORT_HOURS, speedup: 2000, settle: true });
  try {
    const to = Date.now();
    const from = to - (REPORT_HOURS + 1) * 3_600_000;
    let digested = 0;
    const sorted = await latencies(`${trip.httpUrl}/api/reports?scope=period&from=${from}&to=${to}&format=json`, REPORT_RUNS, (body) => {
      const report = body as { reproducibility: { input: { values: number } }; trips: unknown[] };
      if (report.trips.length === 0) throw new Error('the period report holds no trip');
      digested = report.reproducibility.input.values;
    });
    const p95 = percentile(sorted, 95);
    const rate = digested / (percentile(sorted, 50) / 1000);
    const note = `period report (JSON) over ${REPORT_HOURS} h of a simulated trip replayed by a real edge (${digested} stored values digested per report), SQLite; ` +
      `p50 ${percentile(sorted, 50).toFixed(0)} ms, ${Math.round(rate)} values/s read and digested; a season of 1 Hz data is not loaded in this run: its report costs about its values ÷ that rate (SILLAGE_BENCH_REPORT_HOURS for a longer window)`;
    out.push(
      { id: 'query.season_report.p95_ms', value: Number(p95.toFixed(1)), unit: 'ms', reference: null, ratio: null, note },
      { id: 'query.report.values_per_s', value: Math.round(rate), unit: 'values/s', reference: null, ratio: null, note: 'stored values a report reads and digests per second of its p50 latency' },
    );
  } finally {
    await trip.stop();
  }
  return out;
}
