import type { Service } from '../../shared/lifecycle.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';

export interface LatestValue {
  readonly t: number;
  readonly v: number;
}

/** One downsampling bucket: [t, t + step). */
export interface SeriesPoint {
  readonly t: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/**
 * The roll-up step: telemetry is summarised per vessel, path and minute. A minute divides every hour (the unit
 * the data change log tracks) and every chart step from a minute up, once steps are whole minutes.
 */
export const ROLLUP_STEP_MS = 60_000;

/**
 * Every roll-up tier, finest first: the minute, then 10-minute and hourly buckets computed from the minutes. Each
 * divides an hour, so an hour rolled up holds all its tiers' buckets whole and the per-hour roll-up index says
 * for every tier at once whether that hour is current. A season chart (180 days at ~1,000 points, a 4-hour step)
 * reads 4,320 hourly buckets per signal instead of 259,200 minutes.
 */
export const ROLLUP_TIERS_MS = [ROLLUP_STEP_MS, 600_000, 3_600_000] as const;

/** The coarsest tier whose buckets a chart of `stepMs` starting at `from` is made of exactly. */
export function coarsestTier(stepMs: number, from: number): number {
  let tier: number = ROLLUP_STEP_MS;
  for (const t of ROLLUP_TIERS_MS) if (stepMs % t === 0 && from % t === 0) tier = t;
  return tier;
}

/** One bucket of one path, [t, t + step): the sum, not the mean, so that buckets read in pieces add up. */
export interface BucketSums {
  readonly t: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
}

export interface SumsQuery {
  readonly vessel: VesselId;
  readonly paths: readonly SignalPath[];
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
  /** 'raw' aggregates the stored values; 'rollup' what `rollUp` last kept (whole minutes, a step of whole minutes). */
  readonly source: 'raw' | 'rollup';
  /** With 'rollup', the tier read (one of ROLLUP_TIERS_MS; the minute if not given): `stepMs` a whole number of it. */
  readonly tierMs?: number;
}

/**
 * Stored instants as a store answers them, without an object per instant: reading a whole season back costs
 * less so than as samples. Each row is one instant, in time order: its time (epoch ms) in cell 0, the value of
 * `paths[k]` in cell `cells[k]`, anything but a number there where the instant has no value of that path.
 */
export interface SampleRows {
  /** In ASCII order. */
  readonly paths: readonly string[];
  readonly cells: readonly number[];
  readonly rows: readonly ArrayLike<unknown>[];
}

export interface SeriesQuery {
  readonly vessel: VesselId;
  readonly paths: readonly SignalPath[];
  readonly from: number;
  readonly to: number;
  readonly stepMs: number;
}

/**
 * Where telemetry is kept. Writes are idempotent (same vessel, path and time → one value) and resolve only once
 * the data is durable, because shore acknowledges a batch to the vessel on that promise.
 */
export interface TimeSeriesStore extends Service {
  readonly kind: 'sqlite' | 'influxdb';
  write(vessel: VesselId, samples: readonly TelemetrySample[]): Promise<void>;
  latest(vessel: VesselId): Promise<Partial<Record<SignalPath, LatestValue>>>;
  /** Values bucketed by `stepMs` on the store itself, for every path asked, in time order. */
  series(query: SeriesQuery): Promise<Partial<Record<SignalPath, SeriesPoint[]>>>;
  vessels(): Promise<VesselId[]>;
  /** Every stored value of a vessel in [from, to), as samples in time order: what the analytics integrate. */
  samples(vessel: VesselId, from: number, to: number): Promise<TelemetrySample[]>;
  /**
   * The same instants as `samples`, as rows handed to `take` a batch at a time while the rest is still being
   * read: what reading every value back (`--verify`) streams through. A batch is `take`'s only until it returns:
   * the next may be read to the same memory.
   */
  sampleRows(vessel: VesselId, from: number, to: number, take: (rows: SampleRows) => void): Promise<void>;
  /**
   * Count, sum, min and max per bucket of every path asked, in time order, computed on the store. At the roll-up
   * step, a minute rolled up while its data stood still is identical, bit for bit, to the same minute from raw
   * values; over wider buckets the sums may differ in the last bits (floating-point addition in another order).
   */
  sums(query: SumsQuery): Promise<Partial<Record<SignalPath, BucketSums[]>>>;
  /**
   * (Re)computes the roll-ups of every tier of a vessel's hours touching [from, to): the minutes from the raw
   * values stored now, the upper tiers from those minutes.
   */
  rollUp(vessel: VesselId, from: number, to: number): Promise<void>;
  /** Number of stored values of a vessel in [from, to): what tests and the reliability proof count. */
  countValues(vessel: VesselId, from: number, to: number): Promise<number>;
}
