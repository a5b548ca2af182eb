import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { waitFor } from '../../helpers/wait.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';

const SOC = 'electrical.batteries.main.capacity.stateOfCharge';
const VOLT = 'electrical.batteries.main.voltage';

describe('ingest of telemetry from the broker', () => {
  let shore: RunningShore;
  let client: MqttClient;
  const acks: number[] = [];
  const t0 = Math.floor(Date.now() / 1000) * 1000 - 60_000;

  const publish = (vessel: string, payload: string | object) =>
    client.publishAsync(`sillage/v1/${vessel}/telemetry`, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1 });

  const rejected = async (reason: string): Promise<number> => {
    const text = await (await fetch(`${shore.httpUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`sillage_ingest_rejected_total{reason="${reason}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  beforeAll(async () => {
    shore = await startShore();
    client = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'ingest-test-vessel' });
    await client.subscribeAsync('sillage/v1/trial/ack', { qos: 1 });
    client.on('message', (_topic, payload) => acks.push(...(JSON.parse(payload.toString()) as { seqs: number[] }).seqs));
  });
  afterAll(async () => {
    await client.endAsync();
    await shore.stop();
  });

  it('stores a valid batch and acknowledges its seq', async () => {
    await publish('trial', { seq: 1, samples: [{ t: t0, v: { [SOC]: 0.75, [VOLT]: 651.2 } }] });
    await waitFor(() => acks.includes(1), 10_000, 'ack of seq 1');
    const latest = await shore.get<{ values: Record<string, { t: number; v: number }> }>('/api/vessels/trial/latest');
    expect(latest.values[SOC]).toEqual({ t: t0, v: 0.75 });
    expect(latest.values[VOLT]).toEqual({ t: t0, v: 651.2 });
  });

  it('rejects malformed JSON, counts it, keeps it as a dead letter and keeps serving', async () => {
    const before = await rejected('invalid-json');
    await publish('trial', '{"seq": 2, "samples": [ {');
    await waitFor(async () => (await rejected('invalid-json')) === before + 1, 10_000, 'invalid-json counted');
    expect(shore.server.deadLetters!.recent(1)[0]).toMatchObject({ vessel: 'trial', reason: 'invalid-json', item: '{"seq": 2, "samples": [ {' });
    expect((await shore.get<{ status: string }>('/api/health')).status).toBe('ok');
  });

  it('rejects a schema violation whole and counts it', async () => {
    const before = await rejected('invalid-batch');
    await publish('trial', { seq: 'three', samples: {} });
    await waitFor(async () => (await rejected('invalid-batch')) === before + 1, 10_000, 'invalid-batch counted');
  });

  it('stores the good samples of a batch whose other values are unknown or out of range', async () => {
    const unknown = await rejected('unknown-path');
    const range = await rejected('out-of-range');
    await publish('trial', {
      seq: 4,
      samples: [
        { t: t0 + 1000, v: { [SOC]: 0.74, 'engine.warp.drive': 9, [VOLT]: -3 } },
        { t: t0 + 2000, v: { [SOC]: 0.73, [VOLT]: 650.9 } },
      ],
    });
    await waitFor(() => acks.includes(4), 10_000, 'ack of seq 4');
    expect(await rejected('unknown-path')).toBe(unknown + 1);
    expect(await rejected('out-of-range')).toBe(range + 1);
    const series = await shore.get<{ series: Record<string, { t: number[]; mean: number[] }> }>(
      `/api/vessels/trial/series?paths=${SOC},${VOLT}&from=${t0 + 1000}&to=${t0 + 3000}&step=1s`);
    expect(series.series[SOC]).toMatchObject({ t: [t0 + 1000, t0 + 2000], mean: [0.74, 0.73] });
    expect(series.series[VOLT]).toMatchObject({ t: [t0 + 2000], mean: [650.9] });
  });

  it('acknowledges a re-sent batch again without storing it twice', async () => {
    const batch = { seq: 5, samples: [{ t: t0 + 5000, v: { [SOC]: 0.7 } }] };
    await publish('trial', batch);
    await waitFor(() => acks.includes(5), 10_000, 'first ack of seq 5');
    acks.length = 0;
    await publish('trial', batch);
    await waitFor(() => acks.includes(5), 10_000, 'second ack of seq 5');
    expect(await shore.server.store.countValues('trial' as never, t0 + 5000, t0 + 6000)).toBe(1);
  });

  it('ignores messages on topics outside the contract without failing', async () => {
    await client.publishAsync('sillage/v1/Not_A_Vessel!/telemetry', 'x', { qos: 1 });
    await client.publishAsync('elsewhere/topic', 'x', { qos: 1 });
    await publish('trial', { seq: 6, samples: [{ t: t0 + 6000, v: { [SOC]: 0.69 } }] });
    await waitFor(() => acks.includes(6), 10_000, 'ack of seq 6 after stray messages');
  });

  it('charts a vessel known only to the store, asking the store for its vessels the first time only', async () => {
    const store = shore.server.store;
    const soc = asSignalPath(SOC);
    await store.write(asVesselId('archive'), [{ t: t0, v: { [soc]: 0.5 } }, { t: t0 + 1000, v: { [soc]: 0.7 } }]);
    const vessels = store.vessels.bind(store);
    let asked = 0;
    store.vessels = () => { asked++; return vessels(); };
    for (let i = 0; i < 2; i++) {
      const chart = await shore.get<{ series: Record<string, { max: number[] }> }>(`/api/vessels/archive/series?paths=${SOC}&from=${t0}&to=${t0 + 2000}`);
      expect(chart.series[SOC]!.max).toEqual([0.5, 0.7]);
    }
    expect(asked).toBe(1);
  });

  it('answers unknown vessels and bad series queries with JSON errors', async () => {
    expect(await shore.get('/api/vessels/nobody/latest', 404)).toMatchObject({ error: 'unknown vessel' });
    expect(await shore.get(`/api/vessels/trial/series?paths=not.a.path&from=${t0}`, 400)).toMatchObject({ error: 'invalid request' });
    expect(await shore.get(`/api/vessels/trial/series?paths=${SOC}&from=${t0}&to=${t0 - 1}`, 400)).toMatchObject({ error: '`to` must be after `from`' });
  });
});
