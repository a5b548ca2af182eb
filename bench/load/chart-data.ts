import type { SignalPath } from '../../shared/registry/index.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { fleetPaths } from '../../test/scaleout/synthetic-fleet.ts';

/** The six signals the chart benchmarks draw. */
export const CHART_PATHS = fleetPaths(80).slice(0, 6);

const HOUR_MS = 3_600_000;

/** One hour of the chart's signals, a sample every `everyS` seconds (1 Hz by default), from `from` (whole hours) plus `hour` hours. */
export function chartHour(from: number, hour: number, everyS = 1): TelemetrySample[] {
  const samples: TelemetrySample[] = [];
  for (let s = 0; s < 3600; s += everyS) {
    const v: Record<string, number> = {};
    CHART_PATHS.forEach((p, j) => { v[p] = 100 + ((s * (j + 3)) % 997) / 10; });
    samples.push({ t: from + hour * HOUR_MS + s * 1000, v: v as Record<SignalPath, number> });
  }
  return samples;
}

/** `days` of data for the chart's signals (a sample every `everyS` seconds), an hour per write, `inFlight` writes at a time. */
export async function loadChartData(write: (samples: TelemetrySample[]) => Promise<void>, from: number, days: number, everyS = 1, inFlight = 4): Promise<void> {
  let next = 0;
  const hours = days * 24;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < hours) await write(chartHour(from, next++, everyS));
  }));
}
