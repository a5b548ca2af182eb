import { describe, expect, it } from 'vitest';
import { lookupSignal, type SignalPath } from '../../../shared/registry/index.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { CompactDecodeError, decodeCompactBatch, encodeCompactBatch, isCompactPayload } from '../../../shared/wire/compact-telemetry.ts';
import { parseTelemetryPayload } from '../../../shared/wire/telemetry-payload.ts';
import type { TelemetryBatch, TelemetrySample } from '../../../shared/wire/telemetry.ts';

const T0 = Date.UTC(2025, 5, 1, 4, 0, 0);
const SOC = 'electrical.batteries.main.capacity.stateOfCharge' as SignalPath;
const VOLT = 'electrical.batteries.main.voltage' as SignalPath;
const LAT = 'navigation.position.latitude' as SignalPath;
const COG = 'navigation.courseOverGroundTrue' as SignalPath;

function simulatedBatch(seconds: number, seq = 1): TelemetryBatch {
  const source = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 3, start: T0 });
  const samples: TelemetrySample[] = [];
  for (let i = 1; i <= seconds; i++) samples.push({ t: T0 + i * 1000, v: source.read(T0 + i * 1000) as TelemetrySample['v'] });
  return { seq, samples };
}

describe('compact telemetry encoding', () => {
  it('gives back every sample of a simulated trip within half a resolution step of its value', () => {
    const batch = simulatedBatch(120, 42);
    const decoded = decodeCompactBatch(encodeCompactBatch(batch)!);
    expect(decoded.seq).toBe(42);
    expect(decoded.samples.map((s) => s.t)).toEqual(batch.samples.map((s) => s.t));
    let compared = 0;
    batch.samples.forEach((sample, i) => {
      expect(Object.keys(decoded.samples[i]!.v).sort()).toEqual(Object.keys(sample.v).sort());
      for (const [path, value] of Object.entries(sample.v)) {
        const resolution = lookupSignal(path)!.resolution;
        expect(Math.abs(decoded.samples[i]!.v[path as SignalPath]! - value)).toBeLessThanOrEqual(resolution / 2 + 1e-12);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(120 * 20);
  });

  it('writes decoded values with no more decimals than the resolution', () => {
    const batch: TelemetryBatch = { seq: 1, samples: [{ t: T0, v: { [VOLT]: 650.304, [SOC]: 0.82374, [LAT]: 50.7263419362 } as TelemetrySample["v"] }] };
    expect(decodeCompactBatch(encodeCompactBatch(batch)!).samples[0]!.v).toEqual({ [VOLT]: 650.3, [SOC]: 0.8237, [LAT]: 50.72634194 });
  });

  it('keeps a value at its physical limit inside the range after rounding', () => {
    const batch: TelemetryBatch = { seq: 1, samples: [{ t: T0, v: { [COG]: 2 * Math.PI - 1e-5 } as TelemetrySample['v'] }] };
    const decoded = decodeCompactBatch(encodeCompactBatch(batch)!).samples[0]!.v[COG]!;
    expect(decoded).toBeLessThanOrEqual(2 * Math.PI);
    expect(Math.abs(decoded - (2 * Math.PI - 1e-5))).toBeLessThanOrEqual(0.0005);
  });

  it('keeps which signals each sample had when some are missing', () => {
    const batch: TelemetryBatch = { seq: 9, samples: [
      { t: T0, v: { [SOC]: 0.5, [VOLT]: 600 } as TelemetrySample['v'] },
      { t: T0 + 1000, v: { [VOLT]: 600.1 } as TelemetrySample['v'] },
      { t: T0 + 3000, v: { [SOC]: 0.499 } as TelemetrySample['v'] },
    ] };
    expect(decodeCompactBatch(encodeCompactBatch(batch)!)).toEqual(batch);
  });

  it('declines a batch holding a value it cannot quantise, so it goes as JSON', () => {
    expect(encodeCompactBatch({ seq: 1, samples: [{ t: T0, v: { [VOLT]: Number.NaN } as TelemetrySample['v'] }] })).toBeUndefined();
    expect(encodeCompactBatch({ seq: 1, samples: [{ t: T0, v: { 'no.such.path': 1 } as TelemetrySample['v'] }] })).toBeUndefined();
  });

  it('costs under 2 bytes per value on ten minutes of a simulated trip, a twentieth of the JSON', () => {
    const batch = simulatedBatch(600);
    const values = batch.samples.reduce((n, s) => n + Object.keys(s.v).length, 0);
    const compact = encodeCompactBatch(batch)!.length;
    expect(compact / values).toBeLessThan(2);
    expect(compact * 20).toBeLessThan(Buffer.byteLength(JSON.stringify(batch)));
  });

  it('is told from JSON by its first bytes', () => {
    expect(isCompactPayload(encodeCompactBatch(simulatedBatch(2))!)).toBe(true);
    expect(isCompactPayload(Buffer.from('{"seq":1,"samples":[]}'))).toBe(false);
  });

  it('refuses truncated, corrupted and oversized payloads with a reason instead of throwing', () => {
    const good = encodeCompactBatch(simulatedBatch(30))!;
    expect(() => decodeCompactBatch(good.subarray(0, good.length - 5))).toThrow(CompactDecodeError);
    const flipped = Buffer.from(good);
    flipped[10] = flipped[10]! ^ 0xff;
    expect(() => decodeCompactBatch(flipped)).toThrow(CompactDecodeError);
    const parsed = parseTelemetryPayload(Buffer.concat([good.subarray(0, 3), Buffer.from('garbage')]), T0);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.rejection.reason).toBe('invalid-batch');
  });

  it('goes through the same value checks as JSON on shore', () => {
    const batch: TelemetryBatch = { seq: 5, samples: [
      { t: T0, v: { [SOC]: 0.5 } as TelemetrySample['v'] },
      { t: T0 + 3_600_000, v: { [SOC]: 0.6 } as TelemetrySample['v'] },
    ] };
    const parsed = parseTelemetryPayload(encodeCompactBatch(batch)!, T0);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.batch.samples).toEqual([{ t: T0, v: { [SOC]: 0.5 } }]);
    expect(parsed.rejections.map((r) => r.reason)).toEqual(['future-timestamp']);
  });
});
