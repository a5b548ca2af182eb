import { encodeCompactBatch } from '../shared/wire/compact-telemetry.ts';
import type { TelemetrySample } from '../shared/wire/telemetry.ts';
import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../simulators/vessel/simulated-vessel-source.ts';
import type { BenchResult } from './result.ts';

const TRIP_HOURS = 12;
const BATCH_SAMPLES = 60;

/** The same instant as a Signal K server would stream it: one delta, position as an object. */
function signalKDelta(sample: TelemetrySample): string {
  const values: { path: string; value: unknown }[] = [];
  const v = sample.v as Record<string, number>;
  for (const [path, value] of Object.entries(v)) {
    if (path === 'navigation.position.latitude') values.push({ path: 'navigation.position', value: { latitude: value, longitude: v['navigation.position.longitude'] } });
    else if (path !== 'navigation.position.longitude') values.push({ path, value });
  }
  return JSON.stringify({ context: 'vessels.urn:mrn:imo:mmsi:227000000', updates: [{ source: { label: 'sillage' }, timestamp: new Date(sample.t).toISOString(), values }] });
}

/**
 * Bytes on the link per sample (one signal value) over a simulated 12-hour OTB trip of La Frégate at 1 Hz, in
 * batches of 60 s: the compact encoding, the contract's JSON batches, and Signal K delta JSON (reference).
 * MQTT framing (~30 bytes per batch) is not counted for any of them.
 */
export default async function run(): Promise<BenchResult[]> {
  const profile = resolveVesselProfile('la-fregate');
  const start = Date.UTC(2025, 2, 10, 3);
  const source = new SimulatedVesselSource({ profile, metier: 'OTB', seed: 11, start });
  let values = 0;
  let compact = 0;
  let json = 0;
  let signalK = 0;
  let batch: TelemetrySample[] = [];
  let seq = 1;
  const flush = () => {
    const b = { seq: seq++, samples: batch };
    compact += encodeCompactBatch(b)!.length;
    json += Buffer.byteLength(JSON.stringify(b));
    batch = [];
  };
  for (let t = start + 1000; t <= start + TRIP_HOURS * 3_600_000; t += 1000) {
    const sample = { t, v: source.read(t) as TelemetrySample['v'] };
    values += Object.keys(sample.v).length;
    signalK += Buffer.byteLength(signalKDelta(sample));
    batch.push(sample);
    if (batch.length === BATCH_SAMPLES) flush();
  }
  if (batch.length > 0) flush();
  const perSample = compact / values;
  const signalKPerSample = signalK / values;
  const note = `${TRIP_HOURS} h OTB trip, ${Math.round(values / (TRIP_HOURS * 3600))} signals at 1 Hz, batches of ${BATCH_SAMPLES} s; JSON batches ${(json / values).toFixed(2)} B/sample; reference = Signal K delta JSON; target ≤ 4, aim ≤ 2`;
  return [
    { id: 'link.bytes_per_sample', value: Number(perSample.toFixed(3)), unit: 'bytes/sample', reference: Number(signalKPerSample.toFixed(2)), ratio: perSample / signalKPerSample, note },
    { id: 'link.json_bytes_per_sample', value: Number((json / values).toFixed(2)), unit: 'bytes/sample', reference: Number(signalKPerSample.toFixed(2)), ratio: json / signalK, note: 'the contract JSON batches of the same trip' },
  ];
}
