import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { COMPACT_ENCODING, decodeCompactBatch, isCompactPayload } from '../../../shared/wire/compact-telemetry.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { TelemetryBatch } from '../../../shared/wire/telemetry.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { startMosquitto, type RunningMosquitto } from '../../helpers/mosquitto.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const VESSEL = asVesselId('negotiator');

interface Received { seq: number; compact: boolean; batch: TelemetryBatch }

/**
 * The shore here is this test, on a real mosquitto: it acknowledges every batch as DESIGN §4 says, naming the
 * compact encoding in its acks or not, as a shore that reads it or an older one that does not would.
 */
describe('the compact encoding, offered or not by the shore', () => {
  let broker: RunningMosquitto;
  let shore: MqttClient;
  let agent: EdgeAgent;
  const { dir, remove } = tempDir('sillage-negotiation-');
  const received: Received[] = [];
  let offered: string[] | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    shore = await mqtt.connectAsync(broker.url, { clientId: 'contract-shore' });
    shore.on('message', (_topic, payload) => {
      const compact = isCompactPayload(payload);
      const batch = compact ? decodeCompactBatch(payload) : (JSON.parse(payload.toString()) as TelemetryBatch);
      received.push({ seq: batch.seq, compact, batch });
      shore.publish(topicFor(VESSEL, 'ack'), JSON.stringify({ seqs: [batch.seq], ...(offered ? { encodings: offered } : {}) }), { qos: 1 });
    });
    await shore.subscribeAsync(topicFor(VESSEL, 'telemetry'), { qos: 1 });
    const start = Math.floor(Date.now() / 1000) * 1000;
    agent = new EdgeAgent({
      config: {
        vessel: VESSEL,
        mqtt: { url: broker.url },
        link: { encoding: 'compact' },
        outbox: { path: join(dir, 'outbox.db'), batchSamples: 2, batchMaxAgeMs: 1000 },
        display: { enabled: false },
      },
      sources: [new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 8, start })],
    });
    await agent.start();
  });
  afterAll(async () => {
    await agent.stop();
    await shore.endAsync();
    await broker.stop();
    remove();
  });

  /** Waits for `count` batches more than already received and returns them. */
  async function next(count: number): Promise<Received[]> {
    const from = received.length;
    await waitFor(() => received.length >= from + count, 30_000, `${count} more batches`);
    return received.slice(from, from + count);
  }

  it('sends the contract JSON to a shore whose acks name no encoding', async () => {
    const batches = await next(3);
    expect(batches.map((b) => b.compact)).toEqual([false, false, false]);
    for (const b of batches) expect(b.batch.samples.length).toBeGreaterThan(0);
  });

  it('switches to compact once an ack names it', async () => {
    offered = [COMPACT_ENCODING];
    const first = await waitFor(() => received.find((b) => b.compact), 30_000, 'a compact batch');
    const after = await next(3);
    expect(after.map((b) => b.compact)).toEqual([true, true, true]);
    expect(Object.keys(first.batch.samples[0]!.v).length).toBeGreaterThan(30);
  });

  it('goes back to JSON when later acks stop naming it', async () => {
    offered = undefined;
    const switchedAt = received.length;
    await waitFor(() => received.slice(switchedAt).some((b) => !b.compact), 30_000, 'a JSON batch again');
    const after = await next(3);
    expect(after.map((b) => b.compact)).toEqual([false, false, false]);
  });

  it('leaves no seq out across the switches', () => {
    const seqs = [...new Set(received.map((b) => b.seq))].sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });
});
