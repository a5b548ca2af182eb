import type { SignalPath } from '../../shared/registry/index.ts';
import type { HourRevision } from '../store/data-changes.ts';
import type { SeriesPoint, SeriesQuery } from '../store/port.ts';

type Chart = Partial<Record<SignalPath, SeriesPoint[]>>;

/** Charts kept at most: each is ~1,000 points per series, a few hundred kB for six series. */
const DEFAULT_MAX_CHARTS = 32;

function sameHours(a: readonly HourRevision[], b: readonly HourRevision[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.hour !== b[i]!.hour || a[i]!.revision !== b[i]!.revision) return false;
  return true;
}

/**
 * Charts drawn while every hour with data in their range was rolled up, kept per query with the data change log's
 * hours of that range (each with its last revision). A chart is the same as long as those hours are: any write in
 * the range, late data, a backfill, data in an hour that had none, changes them. Only charts of settled data are
 * kept (every hour rolled up, so every write in it had landed): an hour still being written is never kept as it
 * stood. The same chart asked again is then the very object given before, which lets the API keep its JSON too.
 */
export class ChartMemo {
  private readonly charts = new Map<string, { readonly hours: readonly HourRevision[]; readonly chart: Chart }>();

  constructor(private readonly maxCharts = DEFAULT_MAX_CHARTS) {}

  /** The chart kept for `q`, if the hours with data in its range are still `hours`. */
  get(q: SeriesQuery, hours: readonly HourRevision[]): Chart | undefined {
    const key = keyOf(q);
    const kept = this.charts.get(key);
    if (!kept || !sameHours(kept.hours, hours)) return undefined;
    this.charts.delete(key);
    this.charts.set(key, kept);
    return kept.chart;
  }

  /** Keeps `chart`, drawn from the data of `hours`, dropping the chart asked for least recently beyond the limit. */
  set(q: SeriesQuery, hours: readonly HourRevision[], chart: Chart): void {
    const key = keyOf(q);
    this.charts.delete(key);
    this.charts.set(key, { hours, chart });
    for (const k of this.charts.keys()) {
      if (this.charts.size <= this.maxCharts) break;
      this.charts.delete(k);
    }
  }
}

function keyOf(q: SeriesQuery): string {
  return JSON.stringify([q.vessel, q.paths, q.from, q.to, q.stepMs]);
}
