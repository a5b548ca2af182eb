import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { EdgeAgent } from '../../../edge/agent.ts';
import { eventSchema, type VesselEvent } from '../../../shared/wire/messages.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';
import { ChosenReadings, TOWING_ON_BATTERY } from '../display/chosen-readings.ts';

const stops: (() => Promise<void>)[] = [];
const agents: EdgeAgent[] = [];
afterEach(async () => {
  // Agents first: each says goodbye to shore through the broker before it goes.
  for (const agent of agents.splice(0)) await agent.stop();
  for (const stop of stops.splice(0).reverse()) await stop();
});

/** A real MQTT broker (aedes) on a free loopback port. */
async function broker(port: number): Promise<void> {
  const aedes = await Aedes.createBroker();
  const server: Server = createServer(aedes.handle);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  stops.push(async () => {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

async function shoreListener(url: string): Promise<VesselEvent[]> {
  const events: VesselEvent[] = [];
  const client = await mqtt.connectAsync(url);
  await client.subscribeAsync('sillage/v1/fregate/events', { qos: 1 });
  client.on('message', (_topic, payload) => events.push(eventSchema.parse(JSON.parse(payload.toString()))));
  stops.push(() => client.endAsync());
  return events;
}

async function agentOn(url: string, source: ChosenReadings): Promise<EdgeAgent> {
  const agent = new EdgeAgent({
    config: { vessel: 'fregate', mqtt: { url }, outbox: { path: ':memory:' }, display: { enabled: false } },
    sources: [source],
  });
  await agent.start();
  agents.push(agent);
  return agent;
}

describe('alarm events to shore', () => {
  it('publishes a raised low-battery alarm on the vessel’s events topic', async () => {
    const port = await freePort();
    await broker(port);
    const url = `mqtt://127.0.0.1:${port}`;
    const events = await shoreListener(url);
    const source = new ChosenReadings(TOWING_ON_BATTERY);
    await agentOn(url, source);
    source.set({ 'electrical.batteries.main.capacity.stateOfCharge': 0.2 });
    const raised = await waitFor(() => events.find((e) => e.kind === 'alarm.raised'), 10_000, 'alarm.raised');
    expect(raised.detail).toMatchObject({ id: 'battery-low:main', alarm: 'battery-low', subject: 'main', severity: 'alarm',
      value: 0.2, threshold: 0.3 });
  });

  it('keeps alarms raised while the link is down and sends them once it is up', async () => {
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const source = new ChosenReadings({ ...TOWING_ON_BATTERY, 'electrical.batteries.main.capacity.stateOfCharge': 0.1 });
    const agent = await agentOn(url, source);
    await waitFor(() => agent.latest !== undefined, 5000, 'a first sample');
    await broker(port);
    const events = await shoreListener(url);
    const raised = await waitFor(() => events.find((e) => e.kind === 'alarm.raised'), 20_000, 'the alarm after reconnect');
    expect(raised.detail).toMatchObject({ id: 'battery-low:main', value: 0.1 });
  });
});
