import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { openSources } from '../../../edge/sources/open-sources.ts';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';
import type { VictronMqttSource } from '../../../edge/sources/victron/victron-mqtt-source.ts';
import type { VictronMqttDevice, VictronService } from '../../../shared/devices/victron-gx.ts';
import type { Readings } from '../../../shared/source.ts';
import { SimulatedVictronGx } from '../../../simulators/devices/simulated-victron-gx.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

const PORTAL = 'c0619ab1c2d3';

const DEVICES: VictronMqttDevice[] = [
  { service: 'system', instance: 0, ids: { solar: 'all' } },
  { service: 'battery', instance: 512, ids: { batteries: 'main' } },
  { service: 'vebus', instance: 276, ids: { loads: 'hotel' } },
  { service: 'solarcharger', instance: 279, ids: { solar: 'roof' } },
];

const VALUES = {
  'electrical.solar.all.panelPower': 1234,
  'electrical.batteries.main.voltage': 358.42,
  'electrical.batteries.main.current': -120.5,
  'electrical.batteries.main.temperature': 298.15,
  'electrical.batteries.main.capacity.stateOfCharge': 0.873,
  'electrical.batteries.main.capacity.timeRemaining': 7200,
  'electrical.shore.power': 2300,
  'electrical.loads.hotel.power': 4560,
  'electrical.solar.roof.panelPower': 812.3,
} as unknown as Readings;

const get = (r: Readings, path: string): number | undefined => r[path as never];

describe('the Victron GX source over Venus OS MQTT', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function gx(port: number, silent = new Set<VictronService>()) {
    const server = new SimulatedVictronGx({ readings: () => VALUES, portalId: PORTAL, mqtt: { port, devices: DEVICES, publishMs: 200 }, answers: (s) => !silent.has(s) });
    await server.start();
    return server;
  }

  async function edge(url: string, changes: DeviceStatusChange[] = []): Promise<VictronMqttSource> {
    const config = sourceConfigSchema.parse({ kind: 'victron-mqtt', name: 'gx', url, portalId: PORTAL, devices: DEVICES, keepaliveMs: 1000, maxAgeMs: 1500, retry: { minMs: 200, maxMs: 1000 } });
    const [source] = openSources([config], (c) => changes.push(c));
    await source!.start();
    cleanup.push(() => source!.stop());
    return source as VictronMqttSource;
  }

  async function listener(url: string, topic: string) {
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    cleanup.push(() => client.endAsync(true));
    const seen = new Map<string, string>();
    client.on('message', (t, payload) => seen.set(t, payload.toString()));
    await client.subscribeAsync(topic);
    return { client, seen };
  }

  it('publishes nothing until kept alive, then Victron\'s units on N/<portal>/<service>/<instance>/<path>', async () => {
    const port = await freePort();
    const server = await gx(port);
    cleanup.push(() => server.stop());
    const { client, seen } = await listener(server.mqttUrl!, `N/${PORTAL}/#`);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.size).toBe(0);
    await client.publishAsync(`R/${PORTAL}/keepalive`, '');
    await waitFor(() => seen.has(`N/${PORTAL}/full_publish_completed`), 5000, 'a full publish');
    const value = (path: string) => (JSON.parse(seen.get(`N/${PORTAL}/${path}`)!) as { value: number }).value;
    expect(value('battery/512/Soc')).toBeCloseTo(87.3, 9);
    expect(value('battery/512/Dc/0/Temperature')).toBeCloseTo(25, 9);
    expect(value('battery/512/Dc/0/Voltage')).toBeCloseTo(358.42, 9);
    expect(value('vebus/276/Ac/ActiveIn/L1/P')).toBe(2300);
    expect(value('solarcharger/279/Yield/Power')).toBeCloseTo(812.3, 9);
    expect(value('system/0/Dc/Pv/Power')).toBe(1234);
  });

  it('keeps the GX alive and puts every value on its registry path in SI', async () => {
    const port = await freePort();
    const server = await gx(port);
    cleanup.push(() => server.stop());
    const source = await edge(server.mqttUrl!);
    const readings = await waitFor(() => { const r = source.read(); return Object.keys(r).length === Object.keys(VALUES).length ? r : undefined; }, 10_000, 'every value');
    for (const [path, expected] of Object.entries(VALUES)) expect(get(readings, path), path).toBeCloseTo(expected!, 9);
    expect(source.status().every((s) => s.state === 'ok')).toBe(true);
  });

  it('reports a device that goes silent, stops sampling its values, and goes on with the others', async () => {
    const port = await freePort();
    const silent = new Set<VictronService>();
    const server = await gx(port, silent);
    cleanup.push(() => server.stop());
    const changes: DeviceStatusChange[] = [];
    const source = await edge(server.mqttUrl!, changes);
    await waitFor(() => get(source.read(), 'electrical.batteries.main.voltage') !== undefined, 10_000, 'the battery heard');
    silent.add('battery');
    await waitFor(() => changes.some((c) => c.device === 'battery/512' && c.state === 'silent'), 10_000, 'the battery reported silent');
    const readings = source.read();
    expect(get(readings, 'electrical.batteries.main.voltage')).toBeUndefined();
    expect(get(readings, 'electrical.shore.power')).toBe(2300);
    expect(source.status().find((s) => s.device === 'vebus/276')!.state).toBe('ok');
  });

  it('rejects, counts and keeps malformed and impossible notifications without losing the good ones', async () => {
    const port = await freePort();
    const server = await gx(port);
    cleanup.push(() => server.stop());
    const changes: DeviceStatusChange[] = [];
    const source = await edge(server.mqttUrl!, changes);
    await waitFor(() => Object.keys(source.read()).length === Object.keys(VALUES).length, 10_000, 'every value');
    const rogue = await mqtt.connectAsync(server.mqttUrl!, { reconnectPeriod: 0 });
    cleanup.push(() => rogue.endAsync(true));
    await rogue.publishAsync(`N/${PORTAL}/battery/512/Dc/0/Voltage`, '{"value": 35');
    await rogue.publishAsync(`N/${PORTAL}/battery/512/Dc/0/Current`, '{"value": "high"}');
    await rogue.publishAsync(`N/${PORTAL}/battery/512/Soc`, '{"value": 250}');
    await rogue.publishAsync(`N/${PORTAL}/vebus/276/Ac/Out/L1/P`, '{"value": null}');
    await waitFor(() => source.rejected === 3, 5000, 'three rejections');
    expect(source.rejects.map((r) => r.topic)).toEqual([
      `N/${PORTAL}/battery/512/Dc/0/Voltage`, `N/${PORTAL}/battery/512/Dc/0/Current`, `N/${PORTAL}/battery/512/Soc`,
    ]);
    expect(source.rejects[2]!.reason).toContain('out-of-range');
    expect(changes.some((c) => c.device === 'battery/512' && c.state === 'garbage')).toBe(true);
    // The GX's next good notifications replace what was thrown away.
    const readings = await waitFor(() => { const r = source.read(); return Object.keys(r).length === Object.keys(VALUES).length ? r : undefined; }, 10_000, 'every value again');
    expect(get(readings, 'electrical.batteries.main.capacity.stateOfCharge')).toBeCloseTo(0.873, 9);
  });

  it('takes an empty notification as the device leaving the GX: silent at once, not garbage', async () => {
    const port = await freePort();
    const silent = new Set<VictronService>();
    const server = await gx(port, silent);
    cleanup.push(() => server.stop());
    const changes: DeviceStatusChange[] = [];
    const source = await edge(server.mqttUrl!, changes);
    await waitFor(() => get(source.read(), 'electrical.solar.roof.panelPower') !== undefined, 10_000, 'the MPPT heard');
    silent.add('solarcharger');
    const rogue = await mqtt.connectAsync(server.mqttUrl!, { reconnectPeriod: 0 });
    cleanup.push(() => rogue.endAsync(true));
    await rogue.publishAsync(`N/${PORTAL}/solarcharger/279/Yield/Power`, '');
    const gone = await waitFor(() => changes.find((c) => c.device === 'solarcharger/279' && c.state === 'silent'), 1000, 'the MPPT gone');
    expect(gone.detail).toMatch(/gone/);
    expect(get(source.read(), 'electrical.solar.roof.panelPower')).toBeUndefined();
    expect(source.rejected).toBe(0);
  });

  it('resumes, kept alive again, once the GX\'s broker is back', async () => {
    const port = await freePort();
    const first = await gx(port);
    const changes: DeviceStatusChange[] = [];
    const source = await edge(first.mqttUrl!, changes);
    await waitFor(() => Object.keys(source.read()).length > 0, 10_000, 'a first reading');
    await first.stop();
    await waitFor(() => changes.some((c) => c.state === 'disconnected'), 10_000, 'the GX missed');
    expect(source.read()).toEqual({});
    const second = await gx(port);
    cleanup.push(() => second.stop());
    const readings = await waitFor(() => { const r = source.read(); return Object.keys(r).length === Object.keys(VALUES).length ? r : undefined; }, 15_000, 'every value again');
    expect(get(readings, 'electrical.loads.hotel.power')).toBe(4560);
    expect(source.status()[0]!.state).toBe('ok');
  });
});
