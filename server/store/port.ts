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
  /** Number of stored values of a vessel in [from, to): what tests and the reliability proof count. */
  countValues(vessel: VesselId, from: number, to: number): Promise<number>;
}
