import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { Outbox } from '../../../edge/outbox/outbox.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { TelemetryBatch, TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { topicFor } from '../../../shared/wire/topics.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { startShore, type RunningShore } from '../../helpers/shore.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const VESSEL = asVesselId('drainer');
const OUTAGE_S = 20 * 60;
const BUDGET = 150_000;
/** The link budget's bucket (edge/link/link-budget.ts): the first seconds may go in one burst. */
const BURST_S = 5;

interface Arrival { at: number; bytes: number; seq: number; firstT: number }

describe('after a long outage, with a real shore server and broker', () => {
  let shore: RunningShore;
  let watcher: MqttClient;
  const { dir, remove } = tempDir('sillage-drain-');
  const arrivals: Arrival[] = [];
  const statuses: { t: number; backlog: number }[] = [];

  beforeAll(async () => {
    shore = await startShore();
    watcher = await mqtt.connectAsync(shore.mqttUrl, { clientId: 'drain-watcher' });
    watcher.on('message', (topic, payload) => {
      if (topic === topicFor(VESSEL, 'status')) statuses.push(JSON.parse(payload.toString()) as { t: number; backlog: number });
      if (topic !== topicFor(VESSEL, 'telemetry')) return;
      const batch = JSON.parse(payload.toString()) as TelemetryBatch;
      arrivals.push({ at: Date.now(), bytes: payload.length, seq: batch.seq, firstT: batch.samples[0]!.t });
    });
    await watcher.subscribeAsync([topicFor(VESSEL, 'telemetry'), topicFor(VESSEL, 'status')], { qos: 1 });
  });
  afterAll(async () => {
    await watcher.endAsync();
    await shore.stop();
    remove();
  });

  /** Twenty minutes the vessel sampled while the link was down, sealed minute by minute as the agent does. */
  async function outageBacklog(path: string, end: number): Promise<void> {
    const outbox = new Outbox(path);
    await outbox.start();
    const start = end - OUTAGE_S * 1000;
    const vessel = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 3, start });
    for (let t = start + 1000; t <= end; t += 1000) {
      outbox.append({ t, v: vessel.read(t) as TelemetrySample['v'] });
      if ((t - start) % 60_000 === 0) outbox.seal(60, t);
    }
    await outbox.stop();
  }

  it('sends live data first while the backlog drains behind it within the byte budget, and status shows it falling', async () => {
    const path = join(dir, 'outbox.db');
    const now = Math.floor(Date.now() / 1000) * 1000;
    await outageBacklog(path, now - 60_000);
    const agent = new EdgeAgent({
      config: {
        vessel: VESSEL,
        mqtt: { url: shore.mqttUrl, statusIntervalMs: 1000 },
        // JSON batches: large enough that the byte budget, not the batch count, paces the drain.
        link: { encoding: 'json', budgetBytesPerSecond: BUDGET },
        outbox: { path, batchMaxAgeMs: 2000 },
        display: { enabled: false },
      },
      sources: [new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 4, start: now })],
    });
    const started = Date.now();
    await agent.start();
    try {
      await waitFor(() => agent.backlog() < 60, 90_000, 'the backlog drained');
    } finally {
      await agent.stop();
    }

    const isLive = (a: Arrival) => a.firstT >= started - 2000;
    const backlog = arrivals.filter((a) => !isLive(a));
    expect(new Set(backlog.map((a) => a.seq)).size).toBe(OUTAGE_S / 60);
    const lastBacklog = arrivals.indexOf(backlog[backlog.length - 1]!);
    const firstLive = arrivals.findIndex(isLive);
    expect(firstLive, 'a live batch before the backlog is drained').toBeGreaterThanOrEqual(0);
    expect(firstLive).toBeLessThan(lastBacklog);

    // Everything published from the start to the last backlog batch (live batches included) paid from one budget.
    const spent = arrivals.slice(0, lastBacklog + 1).reduce((sum, a) => sum + a.bytes, 0);
    const seconds = (arrivals[lastBacklog]!.at - started) / 1000;
    expect(spent).toBeGreaterThan(BUDGET * BURST_S * 2);
    expect(spent).toBeLessThanOrEqual(BUDGET * (seconds + BURST_S) * 1.1);

    const backlogs = statuses.map((s) => s.backlog);
    expect(backlogs[0]).toBeGreaterThanOrEqual(OUTAGE_S);
    expect(backlogs[backlogs.length - 1]).toBeLessThan(60);
    // Falling: no status shows more than the live seconds sampled since the one before (and a few in a batch).
    for (let i = 1; i < statuses.length; i++) {
      expect(backlogs[i]!).toBeLessThanOrEqual(backlogs[i - 1]! + (statuses[i]!.t - statuses[i - 1]!.t) / 1000 + 3);
    }
    expect(new Set(backlogs).size).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
