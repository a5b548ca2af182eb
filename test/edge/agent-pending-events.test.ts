import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../edge/agent.ts';
import { Outbox } from '../../edge/outbox/outbox.ts';
import { asVesselId } from '../../shared/wire/ids.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import { topicFor } from '../../shared/wire/topics.ts';
import { startMosquitto, type RunningMosquitto } from '../helpers/mosquitto.ts';
import { freePort } from '../helpers/ports.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

const VESSEL = asVesselId('restarted');
/** A system clock never set: the onboard computer booted without its RTC and without NTP. */
const UNSET = Date.UTC(1970, 0, 2) - Date.now();

type ClockFaultEvent = VesselEvent & { detail: { kind: string } };

describe('events raised while the link is down, across a restart, on a real broker', () => {
  const { dir, remove } = tempDir('sillage-events-');
  const outboxPath = join(dir, 'outbox.db');
  let broker: RunningMosquitto;
  let watcher: MqttClient;
  const received: ClockFaultEvent[] = [];
  const online: number[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    watcher = await mqtt.connectAsync(broker.url, { clientId: 'events-watcher' });
    watcher.on('message', (topic, payload) => {
      const message = JSON.parse(payload.toString()) as ClockFaultEvent & { state?: string };
      if (topic === topicFor(VESSEL, 'events')) received.push(message);
      else if (message.state === 'online') online.push(message.t);
    });
    await watcher.subscribeAsync([topicFor(VESSEL, 'events'), topicFor(VESSEL, 'status')], { qos: 1 });
  });
  afterAll(async () => {
    await watcher.endAsync();
    await broker.stop();
    remove();
  });

  const storedEvents = async () => {
    const outbox = new Outbox(outboxPath);
    await outbox.start();
    try {
      return outbox.storedEvents();
    } finally {
      await outbox.stop();
    }
  };

  function agent(url: string, wallClock: () => number, logs: string[] = []): EdgeAgent {
    return new EdgeAgent({
      config: { vessel: VESSEL, mqtt: { url }, outbox: { path: outboxPath }, display: { enabled: false } },
      sources: [],
      wallClock,
      log: (msg) => logs.push(msg),
    });
  }

  it('keeps clock faults raised offline in the outbox through a restart, and sends them once the link is up', async () => {
    let offset = UNSET;
    const logs: string[] = [];
    const offline = agent(`mqtt://127.0.0.1:${await freePort()}`, () => Date.now() + offset, logs);
    await offline.start();
    // NTP sets the clock: a jump forward of about 56 years.
    offset = 0;
    await waitFor(() => logs.includes('clock fault: jump-forward'), 15_000, 'the jump forward seen');
    await offline.stop();
    expect((await storedEvents()).map((e) => (e.event as ClockFaultEvent).detail.kind)).toEqual(['unsynchronised', 'jump-forward']);
    expect(received).toEqual([]);

    const restarted = agent(broker.url, Date.now);
    await restarted.start();
    try {
      await waitFor(() => received.length >= 2, 20_000, 'the stored events ashore');
      expect(received.map((e) => [e.kind, e.detail.kind])).toEqual([['clock-fault', 'unsynchronised'], ['clock-fault', 'jump-forward']]);
      await waitFor(async () => (await storedEvents()).length === 0, 15_000, 'the events removed once the broker has them');
    } finally {
      await restarted.stop();
    }
  }, 60_000);

  it('removes a stored event only once the broker has acknowledged it', async () => {
    let offset = 0;
    const logs: string[] = [];
    const running = agent(broker.url, () => Date.now() + offset, logs);
    await running.start();
    const before = received.length;
    const connections = online.length;
    try {
      await waitFor(() => online.length > connections, 15_000, 'the link up');
      // The broker hangs (SIGSTOP): the connection stays open, nothing is acknowledged.
      process.kill(broker.pid!, 'SIGSTOP');
      offset = 3_600_000;
      await waitFor(() => logs.includes('clock fault: jump-forward'), 15_000, 'the jump forward seen');
      // Raising it published it at once; the broker, frozen, cannot have answered.
      expect((await storedEvents()).map((e) => (e.event as ClockFaultEvent).detail.kind)).toEqual(['jump-forward']);
      process.kill(broker.pid!, 'SIGCONT');
      await waitFor(async () => (await storedEvents()).length === 0, 20_000, 'the event removed after its PUBACK');
      await waitFor(() => received.length > before, 15_000, 'the event ashore');
      expect(received.slice(before).map((e) => e.detail.kind)).toContain('jump-forward');
    } finally {
      process.kill(broker.pid!, 'SIGCONT');
      await running.stop();
    }
  }, 60_000);
});
