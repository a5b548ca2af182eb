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
   * Count, sum, min and max per bucket of every path asked, in time order, computed on the store. At the roll-up
   * step, a minute rolled up while its data stood still is identical, bit for bit, to the same minute from raw
   * values; over wider buckets the sums may differ in the last bits (floating-point addition in another order).
   */
  sums(query: SumsQuery): Promise<Partial<Record<SignalPath, BucketSums[]>>>;
  /** (Re)computes the roll-ups of a vessel's whole minutes in [from, to) from the raw values stored now. */
  rollUp(vessel: VesselId, from: number, to: number): Promise<void>;
  /** Number of stored values of a vessel in [from, to): what tests and the reliability proof count. */
  countValues(vessel: VesselId, from: number, to: number): Promise<number>;
}
