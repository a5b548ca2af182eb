import type { SignalPath } from '../../shared/registry/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { HourRevision } from '../store/data-changes.ts';
import type { BucketSums, TimeSeriesStore } from '../store/port.ts';

const HOUR_MS = 3_600_000;
/**
 * Store reads per chart at most for the hours it misses: runs of missing hours nearest each other are read as
 * one, so that a chart missing scattered hours (late data re-rolled here and there) is still a few requests.
 */
const MAX_READS = 4;
/**
 * Buckets kept, all vessels, tiers and paths together (~100 bytes each): a month or a season of six signals at
 * ~1,000 points is 26,000 of them, so this holds the charts of a fleet's dashboards in a few tens of MB.
 */
const DEFAULT_MAX_BUCKETS = 400_000;

/** A path kept empty counts as one bucket: what an hour costs to keep is never nothing. */
function cost(buckets: readonly BucketSums[] | undefined): number {
  return buckets === undefined ? 0 : Math.max(1, buckets.length);
}

/** A rolled-up hour of one vessel in one tier: its buckets per path, as of the data revision it was rolled at. */
interface CachedHour {
  readonly revision: number;
  readonly paths: Map<SignalPath, readonly BucketSums[]>;
  buckets: number;
  /** The read that last served or kept it. */
  used: number;
}

/** A span of whole hours [from, to) to read from the store. */
export interface HourRun {
  readonly from: number;
  readonly to: number;
}

/**
 * Hours (ascending) cut into runs of consecutive hours, at most `maxRuns`: while there are more, the two runs with
 * the shortest gap between them become one (the hours in the gap are read for nothing, which costs less than a
 * request of their own).
 */
export function hourRuns(hours: readonly number[], maxRuns: number): HourRun[] {
  const runs: { from: number; to: number }[] = [];
  for (const h of hours) {
    const last = runs.at(-1);
    if (last && last.to === h) last.to = h + HOUR_MS;
    else runs.push({ from: h, to: h + HOUR_MS });
  }
  while (runs.length > Math.max(1, maxRuns)) {
    let closest = 0;
    for (let i = 1; i < runs.length - 1; i++) {
      if (runs[i + 1]!.from - runs[i]!.to < runs[closest + 1]!.from - runs[closest]!.to) closest = i;
    }
    runs.splice(closest, 2, { from: runs[closest]!.from, to: runs[closest + 1]!.to });
  }
  return runs;
}

/**
 * The roll-up tiers' buckets of the hours charts have read, kept in the shore process. A rolled-up hour does not
 * change until data lands in it again, and then the data change log gives the hour a new revision: an hour is
 * kept with the revision its roll-up was current at and served only while that is still the hour's revision, so
 * late data, a backfill or a replay is read again from the store once the roll-up job has rolled its hours anew,
 * and nothing else is. A chart then asks the store only for hours it has not read since they last changed:
 * on a busy InfluxDB, the month or season behind a dashboard costs no query at all. The least recently read
 * hours are dropped beyond `maxBuckets`.
 */
export class TierCache {
  /** By vessel and tier, then by hour number since the epoch (a small integer, which a Map hashes fastest). */
  private readonly kept = new Map<string, Map<number, CachedHour>>();
  private buckets = 0;
  /** Reads so far: when each hour kept was last read, to drop the least recently read first. */
  private reads = 0;

  constructor(readonly store: TimeSeriesStore, private readonly maxBuckets = DEFAULT_MAX_BUCKETS) {}

  /**
   * The `tierMs` buckets of `paths` in each of `hours` (rolled up and current at the revision given), in the
   * order of `hours`, from the store for those not kept at that revision.
   */
  async read(vessel: VesselId, paths: readonly SignalPath[], tierMs: number, hours: readonly HourRevision[]): Promise<ReadonlyMap<SignalPath, readonly BucketSums[]>[]> {
    const now = ++this.reads;
    const key = `${vessel}\u0000${tierMs}`;
    let series = this.kept.get(key);
    if (!series) this.kept.set(key, series = new Map());
    const out: ReadonlyMap<SignalPath, readonly BucketSums[]>[] = new Array(hours.length);
    const missing: number[] = [];
    hours.forEach((h, i) => {
      const kept = series!.get(h.hour / HOUR_MS);
      if (kept && kept.revision === h.revision && paths.every((p) => kept.paths.has(p))) {
        kept.used = now;
        out[i] = kept.paths;
      } else missing.push(i);
    });
    if (missing.length === 0) return out;
    const read = await Promise.all(hourRuns(missing.map((i) => hours[i]!.hour), MAX_READS).map((run) =>
      this.store.sums({ vessel, paths, from: run.from, to: run.to, stepMs: tierMs, source: 'rollup', tierMs })));
    const byHour = new Map<number, Map<SignalPath, BucketSums[]>>(missing.map((i) => [hours[i]!.hour, new Map(paths.map((p) => [p, []]))]));
    for (const part of read) {
      for (const p of paths) {
        // Copied into plain objects of one shape, whatever the store's rows are: charts read them again and again.
        for (const { t, count, sum, min, max } of part[p] ?? []) byHour.get(t - (t % HOUR_MS))?.get(p)!.push({ t, count, sum, min, max });
      }
    }
    // Looked up again: another read may have replaced the vessel's entry, or dropped it, while this one waited.
    series = this.kept.get(key) ?? new Map<number, CachedHour>();
    this.kept.set(key, series);
    for (const i of missing) {
      const fresh = byHour.get(hours[i]!.hour)!;
      out[i] = fresh;
      this.keep(series, hours[i]!.hour / HOUR_MS, hours[i]!.revision, fresh, now);
    }
    this.dropBeyondLimit();
    return out;
  }

  /** Buckets kept, all hours together. */
  size(): number {
    return this.buckets;
  }

  /** Adds the paths read to what is kept of the hour at the same revision, or replaces an older revision's. */
  private keep(series: Map<number, CachedHour>, hourNumber: number, revision: number, fresh: ReadonlyMap<SignalPath, readonly BucketSums[]>, now: number): void {
    const old = series.get(hourNumber);
    const entry: CachedHour = old?.revision === revision ? old : { revision, paths: new Map(), buckets: 0, used: now };
    if (entry !== old && old) this.buckets -= old.buckets;
    entry.used = now;
    for (const [p, buckets] of fresh) {
      const grown = cost(buckets) - cost(entry.paths.get(p));
      entry.paths.set(p, buckets);
      entry.buckets += grown;
      this.buckets += grown;
    }
    series.set(hourNumber, entry);
  }

  /** The hours read least recently dropped until what is kept is within the limit. */
  private dropBeyondLimit(): void {
    if (this.buckets <= this.maxBuckets) return;
    const all: { key: string; hour: number; entry: CachedHour }[] = [];
    for (const [key, series] of this.kept) for (const [hour, entry] of series) all.push({ key, hour, entry });
    all.sort((a, b) => a.entry.used - b.entry.used);
    for (const { key, hour, entry } of all) {
      if (this.buckets <= this.maxBuckets) break;
      const series = this.kept.get(key)!;
      series.delete(hour);
      if (series.size === 0) this.kept.delete(key);
      this.buckets -= entry.buckets;
    }
  }
}
