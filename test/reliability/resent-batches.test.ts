import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { waitFor } from '../helpers/wait.ts';

const V = asVesselId('resender');
const T0 = Date.UTC(2026, 5, 1, 6);

describe('batches sent again, with a real shore server and broker', () => {
  let shore: RunningShore;
  let client: MqttClient;
  const acks: number[] = [];

  beforeAll(async () => {
    shore = await startShore();
    client = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'resender' });
    await client.subscribeAsync(topicFor(V, 'ack'), { qos: 1 });
    client.on('message', (_t, payload) => acks.push(...(JSON.parse(payload.toString()) as { seqs: number[] }).seqs));
  });

  afterAll(async () => {
    await client?.endAsync();
    await shore?.stop();
  });

  const send = (seq: number, t: number, value: number) => client.publishAsync(topicFor(V, 'telemetry'),
    JSON.stringify({ seq, samples: [{ t, v: { 'propulsion.motor.power': value } }, { t: t + 1000, v: { 'propulsion.motor.power': value } }] }), { qos: 1 });

  it('acknowledges a re-sent batch again and stores nothing twice', async () => {
    await send(1, T0, 10);
    await send(1, T0, 10);
    await waitFor(() => acks.filter((s) => s === 1).length === 2, 10_000, 'two acks of seq 1');
    expect(await shore.server.store.countValues(V, T0, T0 + 60_000)).toBe(2);
  });

  it('stores a new batch that reuses an old seq (an outbox replaced on board)', async () => {
    await send(1, T0 + 3_600_000, 20);
    await waitFor(() => acks.filter((s) => s === 1).length === 3, 10_000, 'the third ack of seq 1');
    const stored = await shore.server.store.samples(V, T0 + 3_600_000, T0 + 3_700_000);
    expect(stored.map((s) => s.v['propulsion.motor.power' as SignalPath])).toEqual([20, 20]);
  });
});
