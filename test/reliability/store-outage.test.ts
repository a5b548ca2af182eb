import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asVesselId } from '../../shared/wire/ids.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { connectVessel, type VesselClient } from '../helpers/vessel-client.ts';
import { waitFor } from '../helpers/wait.ts';

const FREGATE = asVesselId('fregate');
const T0 = Date.UTC(2026, 5, 1, 6, 0, 0);

function batch(seq: number, firstT: number, count: number): string {
  const samples = Array.from({ length: count }, (_, i) => ({ t: firstT + i * 1000, v: { 'propulsion.motor.power': 1000 * seq + i } }));
  return JSON.stringify({ seq, samples });
}

describe('shore through an InfluxDB outage (real influxd, real broker)', () => {
  let influxd: RunningInfluxd;
  let shore: RunningShore;
  let vessel: VesselClient;

  beforeAll(async () => {
    influxd = await startInfluxd();
    shore = await startShore({ influxUrl: influxd.urlFor('outage') });
    vessel = await connectVessel(shore.mqttUrl, FREGATE, { clientId: 'outage-vessel', clean: true });
  }, 60_000);

  afterAll(async () => {
    await vessel?.end();
    await shore?.stop();
    await influxd?.stop();
  });

  it('acknowledges nothing while the store is down, holds what follows, and stores all once it returns', async () => {
    await vessel.publish(batch(1, T0, 10));
    await waitFor(() => vessel.acked().includes(1), 10_000, 'ack of batch 1');

    await influxd.kill();
    await vessel.publish(batch(2, T0 + 10_000, 10));
    await vessel.publish(batch(3, T0 + 20_000, 10));
    await waitFor(() => shore.server.metrics.storeAvailable.get().then((m) => m.values[0]?.value === 0), 10_000, 'store marked unavailable');
    await new Promise((r) => setTimeout(r, 3000));
    expect(vessel.acked()).toEqual([1]);

    await influxd.start();
    await waitFor(() => vessel.acked().includes(2) && vessel.acked().includes(3), 30_000, 'acks after the store returned');
    expect(vessel.acked()).toEqual([1, 2, 3]);
    expect((await shore.server.metrics.storeAvailable.get()).values[0]?.value).toBe(1);
    expect(await shore.server.store.countValues(FREGATE, T0, T0 + 60_000)).toBe(30);
  }, 90_000);

  it('keeps its memory bounded while the store is down: the broker holds further batches, ingest reads none', async () => {
    await influxd.kill();
    await vessel.publish(batch(10, T0 + 100_000, 10));
    await waitFor(() => shore.server.metrics.storeAvailable.get().then((m) => m.values[0]?.value === 0), 10_000, 'store marked unavailable');
    const received = async () => (await shore.server.metrics.batches.get()).values.reduce((n, v) => n + v.value, 0);
    const before = await received();
    const big = Array.from({ length: 200 }, (_, i) => batch(11 + i, T0 + 200_000 + i * 100_000, 60));
    for (const payload of big) vessel.client.publish(topicFor(FREGATE, 'telemetry'), payload, { qos: 1 });
    await new Promise((r) => setTimeout(r, 3000));
    // One batch is being retried; the 200 behind it stay with the broker instead of piling up in ingest.
    expect(await received()).toBe(before);

    await influxd.start();
    await waitFor(() => vessel.acked().includes(210), 60_000, 'the last held batch acknowledged');
    expect(new Set(vessel.acked()).size).toBe(vessel.acked().length);
    expect(await shore.server.store.countValues(FREGATE, T0 + 100_000, T0 + 100_000_000)).toBe(10 + 200 * 60);
  }, 120_000);

  it('starts a server while InfluxDB is down, and stores what arrived once it is back', async () => {
    await influxd.kill();
    const late = await startShore({ influxUrl: influxd.urlFor('started-during-outage') });
    try {
      const client = await connectVessel(late.mqttUrl, FREGATE, { clientId: 'late-vessel' });
      await client.publish(batch(1, T0, 10));
      await new Promise((r) => setTimeout(r, 2000));
      expect(client.acked()).toEqual([]);
      await influxd.start();
      await waitFor(() => client.acked().includes(1), 30_000, 'the ack once InfluxDB is back');
      expect(await late.server.store.countValues(FREGATE, T0, T0 + 60_000)).toBe(10);
      await client.end();
    } finally {
      await late.stop();
    }
  }, 90_000);

  it('answers API reads with 503 and a retry delay while the store is down, and as before once it is back', async () => {
    const latest = () => fetch(`${shore.httpUrl}/api/vessels/fregate/latest`);
    await influxd.kill();
    const refused = await latest();
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ error: 'store unavailable', detail: null });
    await influxd.start();
    await waitFor(async () => (await latest()).status === 200, 30_000, 'reads once InfluxDB is back');
  }, 60_000);
});
