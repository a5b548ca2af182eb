import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { edgeConfigSchema } from '../edge/config.ts';
import { Outbox } from '../edge/outbox/outbox.ts';
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
  return [...onTheLink(), ...await onBoard()];
}

function onTheLink(): BenchResult[] {
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

const DAY = 86_400_000;

/**
 * A day of La Frégate at 1 Hz (a trip and its port stay) in a real outbox as the default config keeps it: compact,
 * batches of the default size, nothing sent. What the quota counts (payload bytes) and what the file takes on disk,
 * and how many such days the default quota holds before anything is thinned.
 */
async function onBoard(): Promise<BenchResult[]> {
  const defaults = edgeConfigSchema.parse({ vessel: 'fregate' });
  const dir = mkdtempSync(join(tmpdir(), 'sillage-outbox-day-'));
  const path = join(dir, 'outbox.db');
  const outbox = new Outbox(path, defaults.link.encoding === 'compact');
  await outbox.start();
  const start = Date.UTC(2025, 2, 10, 3);
  const source = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 11, start });
  let values = 0;
  for (let t = start + 1000; t <= start + DAY; t += 1000) {
    const v = source.read(t) as TelemetrySample['v'];
    values += Object.keys(v).length;
    outbox.append({ t, v });
    if (outbox.pendingSamples() >= defaults.outbox.batchSamples) outbox.seal(defaults.outbox.batchSamples, t);
  }
  outbox.seal(defaults.outbox.batchSamples, start + DAY);
  const perDay = outbox.storedBytes();
  const quota = outbox.enforceQuota(defaults.outbox.quotaBytes);
  await outbox.stop();
  const fileBytes = statSync(path).size;
  rmSync(dir, { recursive: true, force: true });
  const days = defaults.outbox.quotaBytes / perDay;
  const mb = (b: number) => (b / 1e6).toFixed(2);
  const note = `La Frégate, 24 h from 03:00 (a trip and its port stay), ${Math.round(values / 86_400)} signals at 1 Hz, default config (${defaults.link.encoding}, batches of ${defaults.outbox.batchSamples}); file on disk ${mb(fileBytes)} MB; thinned ${quota.thinned}`;
  return [
    { id: 'edge.outbox.bytes_per_day', value: Number(mb(perDay)), unit: 'MB/day', reference: null, ratio: null, note: `what the quota counts; ${note}` },
    { id: 'edge.outbox.days_held_by_default_quota', value: Number(days.toFixed(1)), unit: 'days', reference: 30, ratio: Number((days / 30).toFixed(2)), note: `default quota ${mb(defaults.outbox.quotaBytes)} MB ÷ the measured day; reference: 30 days offline without thinning` },
  ];
}
