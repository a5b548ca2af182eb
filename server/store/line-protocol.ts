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
