import type { SignalPath } from '../../shared/registry/index.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';

/**
 * Samples as InfluxDB line protocol, one line per instant: `measurement,vessel=<id> <path>=<value>,... <ms>`.
 * Nothing needs escaping: vessel ids are `[a-z0-9-]` and registry paths dotted `[A-Za-z0-9]` segments, and only
 * validated samples reach a store. Every value is written without the `i` suffix, so InfluxDB keeps it a float
 * whatever it looks like (a field whose type changed would be refused). Built as one string, without the
 * per-point objects a generic client makes: this is ingest's hot path.
 */
export function telemetryLines(measurement: string, vessel: VesselId, samples: readonly TelemetrySample[]): string {
  const prefix = `${measurement},vessel=${vessel} `;
  let out = '';
  for (const sample of samples) {
    let fields = '';
    for (const path in sample.v) {
      fields += `${fields === '' ? '' : ','}${path}=${sample.v[path as keyof typeof sample.v]}`;
    }
    if (fields !== '') out += `${prefix}${fields} ${sample.t}\n`;
  }
  return out;
}

/** One bucket's aggregates (a minute, or a bucket of an upper tier) of some paths of one vessel. */
export interface BucketAggregates {
  readonly t: number;
  readonly paths: readonly { readonly path: SignalPath; readonly count: number; readonly sum: number; readonly min: number; readonly max: number }[];
}

/**
 * Roll-ups as line protocol, one line per bucket: `measurement,vessel=<id> count_<path>=<n>i,sum_<path>=…,
 * min_<path>=…,max_<path>=… <ms>`, the names and types `SELECT … INTO` gave them (count an integer, so that a
 * database rolled up by it takes these points too). A path without values in the bucket is left out.
 */
export function rollupLines(measurement: string, vessel: VesselId, minutes: readonly BucketAggregates[]): string {
  const prefix = `${measurement},vessel=${vessel} `;
  let out = '';
  for (const minute of minutes) {
    let fields = '';
    for (const { path, count, sum, min, max } of minute.paths) {
      if (!(count > 0)) continue;
      fields += `${fields === '' ? '' : ','}count_${path}=${count}i,sum_${path}=${sum},min_${path}=${min},max_${path}=${max}`;
    }
    if (fields !== '') out += `${prefix}${fields} ${minute.t}\n`;
  }
  return out;
}
