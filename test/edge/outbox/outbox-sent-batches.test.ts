import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MqttLink } from '../../../edge/link/mqtt-link.ts';
import { Outbox, readStoredBatch } from '../../../edge/outbox/outbox.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { TelemetryBatch, TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { startMosquitto, type RunningMosquitto } from '../../helpers/mosquitto.ts';
import { waitFor } from '../../helpers/wait.ts';
import { filledOutbox, VOLT } from './filled-outbox.ts';

const VESSEL = asVesselId('thinner');

const samplesOf = (outbox: Outbox, seqs: ReadonlySet<number>, keep: boolean): TelemetrySample[] =>
  outbox.unacked(10_000).filter((b) => seqs.has(b.seq) === keep).flatMap((b) => readStoredBatch(b.payload).samples);

/** What shore would hold, by instant, after storing `first` and then `later` (same instant → the later value). */
function shoreView(first: readonly TelemetrySample[], later: readonly TelemetrySample[]): Map<number, number> {
  const view = new Map<number, number>();
  for (const s of [...first, ...later]) view.set(s.t, s.v[VOLT]!);
  return view;
}

describe('thinning and batches already sent', () => {
  const dirs: (() => void)[] = [];
  afterEach(() => dirs.splice(0).forEach((remove) => remove()));

  it('never rewrites a batch sent and not yet acknowledged, so no value shore may hold is overwritten by a mean', async () => {
    const outbox = await filledOutbox(3, dirs);
    const sentSeqs = new Set(outbox.unacked(3).map((b) => b.seq));
    outbox.markSent([...sentSeqs]);
    const sentBefore = outbox.unacked(10_000).filter((b) => sentSeqs.has(b.seq));

    const outcome = outbox.enforceQuota(Math.floor(outbox.storedBytes() * 0.5));
    expect(outcome.thinned).toBeGreaterThan(0);
    expect(outcome.dropped).toBe(0);

    const sentAfter = outbox.unacked(10_000).filter((b) => sentSeqs.has(b.seq));
    expect(sentAfter).toEqual(sentBefore);
    // Shore stored the three sent minutes raw (their acks lost), then receives everything that is left on board.
    const sentRaw = sentBefore.flatMap((b) => readStoredBatch(b.payload).samples);
    const later = samplesOf(outbox, sentSeqs, false);
    const shore = shoreView(sentRaw, later);
    for (const s of sentRaw) expect(shore.get(s.t), `instant ${s.t}`).toBe(s.v[VOLT]);
    // Nor is a minute shore has in full counted as thinned: no mean falls inside a sent minute.
    const sentMinutes = new Set(sentRaw.map((s) => Math.floor(s.t / 60_000)));
    expect(later.filter((s) => sentMinutes.has(Math.floor(s.t / 60_000)))).toEqual([]);
    expect(outbox.backlog()).toBe(3 * 3600 - outcome.thinned);
    await outbox.stop();
  });

  it('still drops sent batches when nothing is left to thin: shore has them or has nothing of them', async () => {
    const outbox = await filledOutbox(3, dirs);
    outbox.markSent(outbox.unacked(3).map((b) => b.seq));
    const outcome = outbox.enforceQuota(400);
    expect(outcome.dropped).toBeGreaterThan(0);
    expect(outbox.storedBytes()).toBeLessThanOrEqual(400);
    await outbox.stop();
  });
});

describe('the link and the quota, through a real broker with no shore behind it', () => {
  let broker: RunningMosquitto;
  const dirs: (() => void)[] = [];
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    dirs.splice(0).forEach((remove) => remove());
    await broker.stop();
  });

  it('marks what it publishes before it leaves, and thinning keeps exactly those batches as they went', async () => {
    const outbox = await filledOutbox(3, dirs);
    const watcher = await mqtt.connectAsync(broker.url, { clientId: 'thinning-watcher' });
    const published: TelemetryBatch[] = [];
    watcher.on('message', (_topic, payload) => published.push(JSON.parse(payload.toString()) as TelemetryBatch));
    await watcher.subscribeAsync(topicFor(VESSEL, 'telemetry'), { qos: 1 });
    const link = new MqttLink({ vessel: VESSEL, url: broker.url, maxInFlight: 4, ackTimeoutMs: 600_000, statusIntervalMs: 600_000, encoding: 'json' }, outbox);
    try {
      await link.start();
      await waitFor(() => published.length === 4, 15_000, 'the first window of batches');

      outbox.enforceQuota(Math.floor(outbox.storedBytes() * 0.5));
      const onBoard = new Map(outbox.unacked(10_000).map((b) => [b.seq, readStoredBatch(b.payload)]));
      for (const batch of published) expect(onBoard.get(batch.seq), `seq ${batch.seq}`).toEqual(batch);
      expect(outbox.meta('thinned_samples')).toBeGreaterThan(0);
    } finally {
      await link.stop();
      await watcher.endAsync();
      await outbox.stop();
    }
  });
});
