import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import { Outbox } from '../../edge/outbox/outbox.ts';
import type { SignalPath } from '../../shared/registry/index.ts';
import { asVesselId, type VesselId } from '../../shared/wire/ids.ts';
import { batchOnTheWire } from '../helpers/batch-on-the-wire.ts';
import { MAX_BATCH_BYTES, MAX_SAMPLES_PER_BATCH } from '../../shared/wire/telemetry.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startInfluxd, type RunningInfluxd } from '../helpers/influxd.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { connectVessel, type VesselClient } from '../helpers/vessel-client.ts';
import { waitFor } from '../helpers/wait.ts';

const POWER = 'propulsion.motor.power' as SignalPath;
const T0 = Date.UTC(2026, 5, 1, 6);

async function metric(shore: RunningShore, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${shore.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Dead letters of one vessel that kept a whole batch. */
function refusedLetters(shore: RunningShore, vessel: VesselId) {
  return shore.server.deadLetters!.recent(1000).filter((d) => d.vessel === vessel && d.payloadBytes !== null);
}

describe('batches shore refuses whole (real shore server and broker)', () => {
  let shore: RunningShore;
  let sender: VesselClient;
  const vessel = asVesselId('refused');
  const refusedSeqs = () => sender.acks.flatMap((a) => (a.refused ?? []).map((r) => r.seq));

  beforeAll(async () => {
    shore = await startShore();
    sender = await connectVessel(shore.mqttUrl, vessel, { clientId: 'refused-vessel' });
  }, 60_000);

  afterAll(async () => {
    await sender?.end();
    await shore?.stop();
  });

  const publish = (payload: string) => sender.publish(payload);

  it('keeps a batch that is not a batch whole, with its reason, and names its seq as refused', async () => {
    const payload = JSON.stringify({ seq: 5, samples: 'not a list' });
    await publish(payload);
    await waitFor(() => refusedSeqs().includes(5), 15_000, 'seq 5 named as refused');
    expect(sender.acks.find((a) => a.refused?.some((r) => r.seq === 5))).toMatchObject({ seqs: [], refused: [{ seq: 5, reason: 'invalid-batch' }] });
    const [letter] = refusedLetters(shore, vessel).filter((d) => d.seq === 5);
    expect(letter).toMatchObject({ reason: 'invalid-batch', topic: topicFor(vessel, 'telemetry'), payloadBytes: Buffer.byteLength(payload) });
    expect(shore.server.deadLetters!.payload(letter!.id)!.toString()).toBe(payload);
    expect(await metric(shore, 'sillage_ingest_refused_batches_total', `{vessel="${vessel}",reason="invalid-batch"}`)).toBe(1);
  });

  it('answers a re-sent copy of a refused batch the same way without keeping it again', async () => {
    const duplicates = await metric(shore, 'sillage_ingest_duplicate_batches_total');
    await publish(JSON.stringify({ seq: 5, samples: 'not a list' }));
    await waitFor(() => refusedSeqs().filter((s) => s === 5).length === 2, 15_000, 'seq 5 named again');
    expect(sender.acks.filter((a) => a.refused?.some((r) => r.seq === 5)).map((a) => a.refused)).toEqual([
      [{ seq: 5, reason: 'invalid-batch', detail: expect.any(String) }], [{ seq: 5, reason: 'invalid-batch', detail: expect.any(String) }],
    ]);
    expect(refusedLetters(shore, vessel).filter((d) => d.seq === 5)).toHaveLength(1);
    expect(await metric(shore, 'sillage_ingest_duplicate_batches_total')).toBe(duplicates + 1);
    expect(await metric(shore, 'sillage_ingest_refused_batches_total', `{vessel="${vessel}",reason="invalid-batch"}`)).toBe(1);
  });

  it('keeps a payload whose seq cannot be read once however often it comes, and names nothing', async () => {
    const garbage = '{"seq": 6, "samples": [ {';
    for (let i = 0; i < 3; i++) await publish(garbage);
    // A good batch behind them: once it is acknowledged, ingest has handled every copy before it.
    await publish(JSON.stringify({ seq: 7, samples: [{ t: T0, v: { [POWER]: 1 } }] }));
    await waitFor(() => sender.acked().includes(7), 15_000, 'seq 7 acknowledged');
    await waitFor(async () => (await metric(shore, 'sillage_ingest_rejected_total', '{reason="invalid-json"}')) === 1, 15_000, 'the payload counted');
    const letters = refusedLetters(shore, vessel).filter((d) => d.reason === 'invalid-json');
    expect(letters).toHaveLength(1);
    expect(letters[0]!.seq).toBeNull();
    expect(shore.server.deadLetters!.payload(letters[0]!.id)!.toString()).toBe(garbage);
    expect(refusedSeqs()).not.toContain(6);
  });

  it('names a payload too large to be a batch by the seq it carries, and keeps it whole', async () => {
    const payload = JSON.stringify({ seq: 8, samples: [], padding: 'x'.repeat(MAX_BATCH_BYTES) });
    await publish(payload);
    await waitFor(() => refusedSeqs().includes(8), 15_000, 'seq 8 named as refused');
    const [letter] = refusedLetters(shore, vessel).filter((d) => d.seq === 8);
    expect(letter).toMatchObject({ reason: 'too-large', payloadBytes: Buffer.byteLength(payload) });
  });
});

describe('a vessel whose batch shore refuses (real edge agent, shore server and broker)', () => {
  let shore: RunningShore;

  beforeAll(async () => {
    shore = await startShore();
  }, 60_000);

  afterAll(async () => {
    await shore?.stop();
  });

  it('drops the refused batch, says so, stops sending it, and delivers the batches after it', async () => {
    const vessel = asVesselId('oversized');
    const path = join(shore.dataDir, 'oversized.db');
    // An outbox sealed with more samples per batch than shore takes (an edge configured past the contract):
    // batch 1 can never be stored; batch 2 behind it is ordinary.
    const outbox = new Outbox(path);
    await outbox.start();
    for (let i = 0; i <= MAX_SAMPLES_PER_BATCH; i++) outbox.append({ t: T0 + i * 1000, v: { [POWER]: 5 } });
    expect(outbox.seal(MAX_SAMPLES_PER_BATCH + 1)?.seq).toBe(1);
    for (let i = 0; i < 3; i++) outbox.append({ t: T0 + 86_400_000 + i * 1000, v: { [POWER]: 9 } });
    expect(outbox.seal(3)?.seq).toBe(2);
    await outbox.stop();

    const spy = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'spy' });
    const sends: number[] = [];
    let refusedOnBoard: number | undefined;
    await spy.subscribeAsync([topicFor(vessel, 'telemetry'), topicFor(vessel, 'status')], { qos: 0 });
    spy.on('message', (topic, payload) => {
      if (topic === topicFor(vessel, 'telemetry')) sends.push(batchOnTheWire(payload).seq);
      else refusedOnBoard = (JSON.parse(payload.toString()) as { refusedBatches?: number }).refusedBatches;
    });
    const logs: string[] = [];
    const agent = new EdgeAgent({
      config: {
        vessel, mqtt: { url: shore.mqttUrl, ackTimeoutMs: 300, statusIntervalMs: 100 },
        outbox: { path, batchSamples: 60, batchMaxAgeMs: 1000 },
        display: { enabled: false },
      },
      sources: [],
      log: (msg) => logs.push(msg),
    });
    await agent.start();
    try {
      await waitFor(() => agent.backlog() === 0, 30_000, 'both batches gone from the outbox');
      expect(logs).toContain('le quai a refusé le lot 1 : invalid-batch');
      await waitFor(() => refusedOnBoard === 1, 15_000, 'the vessel counting the refused batch in its status');
      expect(await shore.server.store.countValues(vessel, T0 + 86_400_000, T0 + 86_410_000)).toBe(3);
      expect(await shore.server.store.countValues(vessel, T0, T0 + 86_000_000)).toBe(0);
      const letters = refusedLetters(shore, vessel);
      expect(letters.map((d) => ({ seq: d.seq, reason: d.reason }))).toEqual([{ seq: 1, reason: 'invalid-batch' }]);
      // Copies sent before the answer came back were answered too (as copies, not kept again)...
      await waitFor(async () => sends.filter((s) => s === 1).length === 1 + await metric(shore, 'sillage_ingest_duplicate_batches_total'),
        15_000, 'every copy of batch 1 answered');
      const copies = sends.filter((s) => s === 1).length;
      // ...and none goes out any more: unanswered, it would be sent again within 300, 600, 1200 and 2400 ms.
      await new Promise((r) => setTimeout(r, 5000));
      expect(sends.filter((s) => s === 1).length).toBe(copies);
      expect(refusedLetters(shore, vessel)).toHaveLength(1);
    } finally {
      await agent.stop();
      await spy.endAsync();
    }
  }, 90_000);
});

describe('a batch the store refuses (real influxd, shore server and broker)', () => {
  let influxd: RunningInfluxd;
  let shore: RunningShore;
  let sender: VesselClient;
  const vessel = asVesselId('beyond');

  beforeAll(async () => {
    influxd = await startInfluxd();
    // Points older than the database's retention policy are refused by InfluxDB (HTTP 400, partial write).
    const created = await fetch(`${influxd.url}/query`, { method: 'POST', body: new URLSearchParams({ q: 'CREATE DATABASE short WITH DURATION 1h' }) });
    expect(created.status).toBe(200);
    shore = await startShore({ influxUrl: influxd.urlFor('short') });
    sender = await connectVessel(shore.mqttUrl, vessel, { clientId: 'beyond-vessel' });
  }, 60_000);

  afterAll(async () => {
    await sender?.end();
    await shore?.stop();
    await influxd?.stop();
  });

  it('keeps it whole with the store\'s reason, names it as refused once per copy, and stores the batch after it', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const old = JSON.stringify({ seq: 1, samples: [{ t: now - 3 * 86_400_000, v: { [POWER]: 3 } }] });
    for (let i = 0; i < 2; i++) await sender.publish(old);
    await sender.publish(JSON.stringify({ seq: 2, samples: [{ t: now - 60_000, v: { [POWER]: 4 } }] }));
    await waitFor(() => sender.acked().includes(2), 30_000, 'seq 2 stored and acknowledged');
    await waitFor(() => sender.acks.filter((a) => a.refused?.some((r) => r.seq === 1)).length === 2, 30_000, 'both copies of seq 1 answered');
    for (const answer of sender.acks.filter((a) => a.refused)) {
      expect(answer.refused).toEqual([{ seq: 1, reason: 'store-refused', detail: expect.stringContaining('retention') }]);
    }
    const letters = refusedLetters(shore, vessel);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ seq: 1, reason: 'store-refused' });
    expect(shore.server.deadLetters!.payload(letters[0]!.id)!.toString()).toBe(old);
    expect(await shore.server.store.countValues(vessel, now - 120_000, now)).toBe(1);
    expect(await metric(shore, 'sillage_ingest_refused_batches_total', `{vessel="${vessel}",reason="store-refused"}`)).toBe(1);
  }, 60_000);
});
