import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { connectVessel, type VesselClient } from '../helpers/vessel-client.ts';
import { waitFor } from '../helpers/wait.ts';

const V = asVesselId('resender');
const T0 = Date.UTC(2026, 5, 1, 6);

describe('batches sent again, with a real shore server and broker', () => {
  let shore: RunningShore;
  let sender: VesselClient;

  beforeAll(async () => {
    shore = await startShore();
    sender = await connectVessel(shore.mqttUrl, V, { clientId: 'resender' });
  });

  afterAll(async () => {
    await sender?.end();
    await shore?.stop();
  });

  const send = (seq: number, t: number, value: number) => sender.publish(
    JSON.stringify({ seq, samples: [{ t, v: { 'propulsion.motor.power': value } }, { t: t + 1000, v: { 'propulsion.motor.power': value } }] }));

  it('acknowledges a re-sent batch again and stores nothing twice', async () => {
    await send(1, T0, 10);
    await send(1, T0, 10);
    await waitFor(() => sender.acked().filter((s) => s === 1).length === 2, 10_000, 'two acks of seq 1');
    expect(await shore.server.store.countValues(V, T0, T0 + 60_000)).toBe(2);
  });

  it('stores a new batch that reuses an old seq (an outbox replaced on board)', async () => {
    await send(1, T0 + 3_600_000, 20);
    await waitFor(() => sender.acked().filter((s) => s === 1).length === 3, 10_000, 'the third ack of seq 1');
    const stored = await shore.server.store.samples(V, T0 + 3_600_000, T0 + 3_700_000);
    expect(stored.map((s) => s.v['propulsion.motor.power' as SignalPath])).toEqual([20, 20]);
  });
});
