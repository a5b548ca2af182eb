import { afterEach, describe, expect, it } from 'vitest';
import { readStoredBatch } from '../../../edge/outbox/outbox.ts';
import { thinToMinuteMeans } from '../../../edge/outbox/thinning.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { filledOutbox, GEAR, T0, VOLT } from './filled-outbox.ts';

const sample = (t: number, v: Record<string, number>): TelemetrySample => ({ t, v: v as TelemetrySample['v'] });

describe('thinning to 1-minute means', () => {
  it('averages each signal over each clock minute, stamped at the minute start', () => {
    const thin = thinToMinuteMeans([
      sample(T0, { [VOLT]: 600 }), sample(T0 + 1000, { [VOLT]: 602 }), sample(T0 + 59_000, { [VOLT]: 604 }),
      sample(T0 + 60_000, { [VOLT]: 610 }),
    ]);
    expect(thin).toEqual([sample(T0, { [VOLT]: 602 }), sample(T0 + 60_000, { [VOLT]: 610 })]);
  });

  it('keeps the most frequent state of an enumerated signal instead of a mean', () => {
    const thin = thinToMinuteMeans([sample(T0, { [GEAR]: 0 }), sample(T0 + 1000, { [GEAR]: 2 }), sample(T0 + 2000, { [GEAR]: 2 })]);
    expect(thin).toEqual([sample(T0, { [GEAR]: 2 })]);
  });
});

describe('the outbox quota', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((remove) => remove()));

  it('leaves an outbox under quota alone', async () => {
    const outbox = await filledOutbox(1, dirs);
    expect(outbox.enforceQuota(10 * 1024 * 1024)).toMatchObject({ thinned: 0, dropped: 0 });
    expect(outbox.backlog()).toBe(3600);
    await outbox.stop();
  });

  it('thins the oldest data to minute means first, keeping every minute, and counts it', async () => {
    const outbox = await filledOutbox(3, dirs);
    const before = outbox.storedBytes();
    const outcome = outbox.enforceQuota(Math.floor(before * 0.8));
    expect(outcome.thinned).toBeGreaterThan(0);
    expect(outcome.dropped).toBe(0);
    expect(outbox.storedBytes()).toBeLessThanOrEqual(before * 0.8 * 0.9);
    const kept = outbox.unacked(10_000).flatMap((b) => readStoredBatch(b.payload).samples);
    const minutes = new Set(kept.map((s) => Math.floor(s.t / 60_000)));
    expect(minutes.size).toBe(180);
    expect(outbox.meta('thinned_samples')).toBe(outcome.thinned);
    expect(outbox.backlog()).toBe(3 * 3600 - outcome.thinned);
    await outbox.stop();
  });

  it('drops the oldest once everything is thinned and still too large, and counts that too', async () => {
    const outbox = await filledOutbox(3, dirs);
    // Three hours thinned are three batches of 60 means; a quota below two of them forces a drop.
    const outcome = outbox.enforceQuota(400);
    expect(outcome.thinned).toBeGreaterThan(0);
    expect(outcome.dropped).toBeGreaterThan(0);
    expect(outbox.storedBytes()).toBeLessThanOrEqual(400);
    const kept = outbox.unacked(10_000).flatMap((b) => readStoredBatch(b.payload).samples);
    // What is left is the newest data.
    expect(Math.max(...kept.map((s) => s.t))).toBeGreaterThanOrEqual(T0 + 3 * 3_600_000 - 60_000 * 5);
    expect(outbox.meta('dropped_samples')).toBe(outcome.dropped);
    await outbox.stop();
  });
});
