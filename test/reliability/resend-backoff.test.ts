import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { waitFor } from '../helpers/wait.ts';

describe('a vessel while shore cannot store (real influxd, shore server and broker)', () => {
  let influxd: RunningInfluxd;
  let shore: RunningShore;

  beforeAll(async () => {
    influxd = await startInfluxd();
    shore = await startShore({ influxUrl: influxd.urlFor('backoff') });
  }, 60_000);

  afterAll(async () => {
    await shore?.stop();
    await influxd?.stop();
  });

  it('re-sends an unacknowledged batch less and less often, then delivers it when the store is back', async () => {
    const vessel = asVesselId('patient');
    const spy = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'spy' });
    const sends: number[] = [];
    await spy.subscribeAsync(topicFor(vessel, 'telemetry'), { qos: 0 });
    spy.on('message', (_t, payload) => { if ((JSON.parse(payload.toString()) as { seq: number }).seq === 1) sends.push(Date.now()); });
    let reads = 0;
    const source = { name: 'three', start: async () => {}, stop: async () => {}, read: () => (++reads <= 3 ? { 'propulsion.motor.power': 7 } : {}) };
    await influxd.kill();
    const agent = new EdgeAgent({
      config: {
        vessel, mqtt: { url: shore.mqttUrl, ackTimeoutMs: 200, statusIntervalMs: 50 },
        outbox: { path: join(shore.dataDir, 'patient.db'), batchSamples: 3, batchMaxAgeMs: 100 },
        display: { enabled: false },
      },
      sources: [source],
    });
    await agent.start();
    await waitFor(() => sends.length >= 1, 10_000, 'the first send');
    await new Promise((r) => setTimeout(r, 4000));
    // Re-sent every 200 ms this would be about 20 copies; doubling gives 200, 400, 800, 1600 ms: 5 at most.
    expect(sends.length).toBeGreaterThanOrEqual(3);
    expect(sends.length).toBeLessThanOrEqual(6);
    const gaps = sends.slice(1).map((t, i) => t - sends[i]!);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]! * 2);
    await influxd.start();
    await waitFor(() => agent.backlog() === 0, 30_000, 'the batch stored and acknowledged');
    await agent.stop();
    await spy.endAsync();
    const from = Date.now() - 120_000;
    expect(await shore.server.store.countValues(vessel, from, Date.now() + 1000)).toBe(3);
  }, 60_000);
});
