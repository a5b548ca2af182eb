import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startShore, type RunningShore } from '../helpers/shore.ts';
import { waitFor } from '../helpers/wait.ts';

/** The clock faults shore logged for a vessel, in the order they arrived. */
const clockFaults = (shore: RunningShore, vessel: string) => shore.server.events!
  .find({ vessel: asVesselId(vessel), from: 0, to: Number.MAX_SAFE_INTEGER, kind: 'clock-fault', limit: 1000 })
  .sort((a, b) => a.id - b.id).map((e) => e.detail);

describe('edge clock faults, with a real shore server and broker', () => {
  let shore: RunningShore;

  beforeAll(async () => {
    shore = await startShore();
  });

  afterAll(async () => {
    await shore?.stop();
  });

  it('an agent whose system time steps back an hour keeps its samples in order, loses none, and tells shore', async () => {
    let offset = 0;
    const source = { name: 'constant', start: async () => {}, stop: async () => {}, read: () => ({ 'propulsion.motor.power': 1000 }) };
    const agent = new EdgeAgent({
      config: {
        vessel: 'backstep', mqtt: { url: shore.mqttUrl, statusIntervalMs: 200 },
        outbox: { path: join(shore.dataDir, 'backstep.db'), batchSamples: 2, batchMaxAgeMs: 500 },
        display: { enabled: false },
      },
      sources: [source],
      wallClock: () => Date.now() + offset,
    });
    await agent.start();
    const vessel = asVesselId('backstep');
    const from = Date.now() - 5000;
    await waitFor(async () => (await shore.server.store.countValues(vessel, from, from + 60_000)) >= 3, 15_000, 'samples before the step');
    offset = -3_600_000;
    await waitFor(() => clockFaults(shore, 'backstep').some((d) => d.kind === 'jump-backward'), 15_000, 'the fault ashore');
    const stepped = Date.now();
    await waitFor(() => Date.now() - stepped > 3000 && agent.backlog() === 0, 15_000, 'three more seconds sent');
    await agent.stop();
    const samples = await shore.server.store.samples(vessel, from - 7_200_000, from + 7_200_000);
    const times = samples.map((s) => s.t);
    // Slewing keeps one sample per second of the clock: no time twice, none going back, none skipped.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1000);
    expect(times[0]!).toBeGreaterThan(from - 1000);
  }, 40_000);

  it('shore flags a vessel whose sample times go back, and one whose clock is ahead or was never set', async () => {
    const client = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'clock-test' });
    const topic = topicFor(asVesselId('drifty'), 'telemetry');
    const now = Date.now();
    const v = { 'propulsion.motor.power': 5 };
    await client.publishAsync(topic, JSON.stringify({ seq: 1, samples: [{ t: now - 10_000, v }, { t: now - 9000, v }] }), { qos: 1 });
    await client.publishAsync(topic, JSON.stringify({ seq: 2, samples: [{ t: now - 60_000, v }] }), { qos: 1 });
    await client.publishAsync(topic, JSON.stringify({ seq: 3, samples: [{ t: now + 3_600_000, v }, { t: 5000, v }] }), { qos: 1 });
    await waitFor(() => clockFaults(shore, 'drifty').length === 3, 10_000, 'three clock faults');
    await client.endAsync();
    expect(clockFaults(shore, 'drifty').map((d) => d.fault)).toEqual(['time-went-back', 'clock-ahead', 'clock-unsynchronised']);
    // The went-back sample is stored (it overwrites nothing); the refused ones are kept as dead letters, not lost.
    expect(await shore.server.store.countValues(asVesselId('drifty'), now - 120_000, now)).toBe(3);
    const kept = shore.server.deadLetters!.counts().filter((c) => c.vessel === 'drifty').map((c) => [c.reason, c.count]);
    expect(kept.sort()).toEqual([['ancient-timestamp', 1], ['future-timestamp', 1]]);
  });
});
