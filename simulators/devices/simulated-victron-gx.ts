import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';
import {
  siToDbus, victronRegisterMap, victronSignals, type VictronModbusDevice, type VictronMqttDevice, type VictronService,
} from '../../shared/devices/victron-gx.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { EquipmentLayout } from '../../shared/registry/index.ts';
import type { Readings } from '../../shared/source.ts';
import { ModbusDeviceServer } from './modbus-device-server.ts';

export interface SimulatedVictronGxOptions {
  /** The vessel's values now, in SI on registry paths (sensor faults already applied). */
  readings: () => Readings;
  portalId: string;
  /** The GX's Modbus TCP server and the devices it gateways, one unit id each. */
  modbus?: { host?: string; port: number; devices: readonly VictronModbusDevice[] };
  /** The GX's MQTT broker and the devices it publishes, by D-Bus device instance. */
  mqtt?: { host?: string; port: number; devices: readonly VictronMqttDevice[]; publishMs?: number };
  /** Whether a device of this service answers now: a silent one is neither served nor published. */
  answers?: (service: VictronService) => boolean;
}

/**
 * Where a GX on this vessel would find its equipment: the battery monitor on the first battery, the Multi on the
 * shore connection and the hotel circuit, the MPPT on the first solar array, the system service on the first
 * generator set. Unit ids and instances are the ones a Cerbo GX commonly shows; a real GX's are in its menus.
 */
export function victronLayoutFor(equipment: EquipmentLayout): { modbus: VictronModbusDevice[]; mqtt: VictronMqttDevice[] } {
  const first = (kind: keyof EquipmentLayout) => equipment[kind]?.[0];
  const layout = [
    { service: 'battery', unitId: 225, instance: 512, ids: { batteries: first('batteries') } },
    { service: 'vebus', unitId: 227, instance: 276, ids: { loads: equipment.loads?.includes('hotel') ? 'hotel' : undefined } },
    { service: 'solarcharger', unitId: 226, instance: 279, ids: { solar: first('solar') } },
    { service: 'system', unitId: 100, instance: 0, ids: { generators: first('generators') } },
  ] as const;
  const present = layout
    .map(({ ids, ...d }) => ({ ...d, ids: Object.fromEntries(Object.entries(ids).filter(([, v]) => v !== undefined)) }))
    .filter((d) => victronSignals(d).length > 0);
  return {
    modbus: present.map(({ service, unitId, ids }) => ({ service, unitId, ids })),
    mqtt: present.map(({ service, instance, ids }) => ({ service, instance, ids })),
  };
}

/** dbus-flashmq forgets a client that has sent no keep-alive for this long and stops publishing. */
const KEEPALIVE_TIMEOUT_MS = 60_000;

/**
 * A Victron GX (Cerbo GX, Venus OS) on the simulated vessel. Its Modbus TCP server serves Victron's register list
 * for the configured unit ids; its own MQTT broker publishes each value as `N/<portal>/<service>/<instance>/<path>`
 * `{"value": …}` in Victron's units, like dbus-flashmq: only while a client keeps it alive through
 * `R/<portal>/keepalive`, and everything at once on a plain keep-alive. A real GX publishes a value when it
 * changes, and the many paths of a live device (cell voltages, temperatures…) keep it talking; this one carries
 * only the mapped paths, so it publishes each of them every round instead, and a device stays audibly alive.
 */
export class SimulatedVictronGx implements Service {
  readonly modbus: ModbusDeviceServer | undefined;
  /** Notifications published, for the tests and the simulate command's summary. */
  published = 0;
  private aedes: Aedes | undefined;
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;
  private aliveUntil = 0;

  constructor(private readonly options: SimulatedVictronGxOptions) {
    const modbus = options.modbus;
    if (modbus) {
      const serviceOf = new Map(modbus.devices.map((d) => [d.unitId, d.service]));
      this.modbus = new ModbusDeviceServer({
        map: victronRegisterMap(modbus.devices),
        readings: options.readings,
        answers: (unit) => this.answers(serviceOf.get(unit)),
        host: modbus.host,
        port: modbus.port,
      });
    }
  }

  get mqttUrl(): string | undefined {
    const mqtt = this.options.mqtt;
    return mqtt ? `mqtt://${mqtt.host ?? '127.0.0.1'}:${mqtt.port}` : undefined;
  }

  async start(): Promise<void> {
    await this.modbus?.start();
    const mqtt = this.options.mqtt;
    if (!mqtt) return;
    const aedes = await Aedes.createBroker();
    this.aedes = aedes;
    aedes.on('publish', (packet, client) => {
      if (client && packet.topic === `R/${this.options.portalId}/keepalive`) this.keepalive(packet.payload.toString());
    });
    const server = createServer(aedes.handle);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(mqtt.port, mqtt.host ?? '127.0.0.1', () => resolve());
    });
    this.timer = setInterval(() => this.publish(), mqtt.publishMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.modbus?.stop();
    const { aedes, server } = this;
    this.aedes = undefined;
    this.server = undefined;
    if (aedes) await new Promise<void>((resolve) => aedes.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.aliveUntil = 0;
  }

  private answers(service: VictronService | undefined): boolean {
    return service !== undefined && (this.options.answers?.(service) ?? true);
  }

  private keepalive(payload: string): void {
    this.aliveUntil = Date.now() + KEEPALIVE_TIMEOUT_MS;
    let suppress = false;
    try {
      const options = (JSON.parse(payload) as { 'keepalive-options'?: unknown })['keepalive-options'];
      suppress = Array.isArray(options) && options.includes('suppress-republish');
    } catch {
      // An empty or unreadable payload is a plain keep-alive, as on the GX.
    }
    if (!suppress) setImmediate(() => this.publish(true));
  }

  /** One round of notifications; a full publish (asked by a plain keep-alive) ends with `full_publish_completed`. */
  private publish(full = false): void {
    const { aedes } = this;
    const mqtt = this.options.mqtt;
    if (!aedes || !mqtt || Date.now() > this.aliveUntil) return;
    const readings = this.options.readings();
    for (const device of mqtt.devices) {
      if (!this.answers(device.service)) continue;
      for (const { value, path } of victronSignals(device)) {
        const si = readings[path];
        const topic = `N/${this.options.portalId}/${device.service}/${device.instance}${value.dbusPath}`;
        this.send(aedes, topic, JSON.stringify({ value: si === undefined ? null : siToDbus(value, si) }));
      }
    }
    if (full) this.send(aedes, `N/${this.options.portalId}/full_publish_completed`, JSON.stringify({ value: Math.floor(Date.now() / 1000) }));
  }

  private send(aedes: Aedes, topic: string, payload: string): void {
    this.published++;
    aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, () => undefined);
  }
}
