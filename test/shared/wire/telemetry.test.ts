import { describe, expect, it } from 'vitest';
import { MAX_BATCH_BYTES, parseTelemetryBatch } from '../../../shared/wire/telemetry.ts';

const NOW = Date.UTC(2026, 10, 28, 12);
const SOC = 'electrical.batteries.main.capacity.stateOfCharge';
const VOLT = 'electrical.batteries.main.voltage';

describe('telemetry batch parsing', () => {
  it('accepts a batch of the contract as it is', () => {
    const parsed = parseTelemetryBatch(JSON.stringify({ seq: 7, samples: [{ t: NOW, v: { [SOC]: 0.8, [VOLT]: 650.5 } }] }), NOW);
    expect(parsed).toEqual({ ok: true, rejections: [], batch: { seq: 7, samples: [{ t: NOW, v: { [SOC]: 0.8, [VOLT]: 650.5 } }] } });
  });

  it('refuses invalid JSON whole, with the reason', () => {
    const parsed = parseTelemetryBatch('{"seq": 1, "samples": [', NOW);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.rejection.reason).toBe('invalid-json');
  });

  it('refuses a payload that is not a batch (missing or negative seq)', () => {
    for (const body of [{ samples: [] }, { seq: -1, samples: [] }, { seq: 1.5, samples: [] }, [1, 2]]) {
      const parsed = parseTelemetryBatch(JSON.stringify(body), NOW);
      expect(parsed.ok ? 'accepted' : parsed.rejection.reason).toBe('invalid-batch');
    }
  });

  it('refuses an oversized payload before reading it', () => {
    const parsed = parseTelemetryBatch('x'.repeat(MAX_BATCH_BYTES + 1), NOW);
    expect(parsed.ok ? 'accepted' : parsed.rejection.reason).toBe('too-large');
  });

  it('keeps the good values of a batch and rejects each bad one with its own reason', () => {
    const batch = {
      seq: 3,
      samples: [
        { t: NOW, v: { [SOC]: 0.5, 'no.such.signal': 1, [VOLT]: 99999, 'electrical.shore.power': 'high' } },
        { t: NOW + 10 * 60_000, v: { [SOC]: 0.5 } },
        { t: 1000, v: { [SOC]: 0.5 } },
        { t: 'yesterday', v: {} },
        { t: NOW + 1000, v: { [SOC]: 0.51 } },
      ],
    };
    const parsed = parseTelemetryBatch(JSON.stringify(batch), NOW);
    if (!parsed.ok) throw new Error('batch refused whole');
    expect(parsed.batch.samples).toEqual([{ t: NOW, v: { [SOC]: 0.5 } }, { t: NOW + 1000, v: { [SOC]: 0.51 } }]);
    expect(parsed.rejections.map((r) => r.reason).sort()).toEqual([
      'ancient-timestamp', 'future-timestamp', 'invalid-sample', 'invalid-value-type', 'out-of-range', 'unknown-path',
    ]);
  });

  it('keeps the good values that follow a bad one in the same sample, in their order', () => {
    const parsed = parseTelemetryBatch(JSON.stringify({ seq: 4, samples: [{ t: NOW, v: { [VOLT]: 650, 'no.such.signal': 1, [SOC]: 0.5 } }] }), NOW);
    if (!parsed.ok) throw new Error('batch refused whole');
    expect(parsed.batch.samples).toEqual([{ t: NOW, v: { [VOLT]: 650, [SOC]: 0.5 } }]);
    expect(Object.keys(parsed.batch.samples[0]!.v)).toEqual([VOLT, SOC]);
    expect(parsed.rejections).toEqual([{ reason: 'unknown-path', detail: 'no.such.signal=1', item: { t: NOW, path: 'no.such.signal', value: 1 } }]);
  });

  it('treats numbers too large for a double as not finite', () => {
    const parsed = parseTelemetryBatch(`{"seq":1,"samples":[{"t":${NOW},"v":{"${VOLT}":1e400}}]}`, NOW);
    if (!parsed.ok) throw new Error('batch refused whole');
    expect(parsed.rejections.map((r) => r.reason)).toEqual(['not-finite']);
  });
});
