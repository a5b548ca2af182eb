import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import {
  dbusToSi, victronMqttDeviceName, victronSignals, type VictronMqttDevice, type VictronSignal,
} from '../../../shared/devices/victron-gx.ts';
import { checkValue, type SignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { Backoff } from '../../retry/backoff.ts';
import { DeviceHealth, type DeviceStatus, type DeviceStatusListener } from '../device-health.ts';

export interface VictronMqttSourceOptions {
  name: string;
  /** The GX's own broker, e.g. `mqtt://cerbo.local:1883`. */
  url: string;
  /** The GX's VRM portal id, second segment of every topic. */
  portalId: string;
  devices: readonly VictronMqttDevice[];
  /** The GX publishes only while kept alive, and forgets a client after 60 s without a keep-alive. */
  keepaliveMs: number;
  /** A device that has published nothing for this long is silent, and its values are no longer sampled. */
  maxAgeMs: number;
  retry: { minMs: number; maxMs: number };
  onStatus: DeviceStatusListener;
}

/** A notification's payload: the D-Bus value, null while the GX holds no valid one (extra keys such as min/max allowed). */
const notificationSchema = z.object({ value: z.number().nullable() });

export interface RejectedNotification {
  readonly topic: string;
  readonly payload: string;
  readonly reason: string;
}

/** Rejected notifications kept for diagnosis: the latest few, each cut short. */
const KEPT_REJECTS = 20;
const KEPT_PAYLOAD_CHARS = 200;

interface Device {
  readonly health: DeviceHealth;
  readonly signals: ReadonlyMap<string, VictronSignal>;
  /** The latest valid value of each signal: the GX publishes a value when it changes, so it holds until then. */
  readonly values: Map<SignalPath, number>;
  lastHeardAt: number;
}

/**
 * Listens to a Victron GX's MQTT broker (Venus OS, dbus-flashmq): `N/<portal>/<service>/<instance>/<D-Bus path>`
 * carries `{"value": …}` in Victron's units, converted here to the registry's SI. The GX publishes only while a
 * client sends `R/<portal>/keepalive`, so the source sends one on each connection (asking for every value) and
 * then on a timer (asking for changes only). A malformed or impossible value is counted, kept and left out.
 */
export class VictronMqttSource implements TelemetrySource {
  readonly name: string;
  received = 0;
  rejected = 0;
  readonly rejects: RejectedNotification[] = [];
  private client: MqttClient | undefined;
  private running = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private keepaliveTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly connection: DeviceHealth;
  private readonly devices = new Map<string, Device>();
  private readonly backoff: Backoff;

  constructor(private readonly options: VictronMqttSourceOptions) {
    this.name = options.name;
    this.connection = new DeviceHealth(options.name, options.url, options.onStatus, options.retry);
    this.backoff = new Backoff(options.retry.minMs, options.retry.maxMs);
    for (const device of options.devices) {
      this.devices.set(`${device.service}/${device.instance}`, {
        health: new DeviceHealth(options.name, victronMqttDeviceName(device), options.onStatus, options.retry),
        signals: new Map(victronSignals(device).map((s) => [s.value.dbusPath, s])),
        values: new Map(),
        lastHeardAt: Date.now(),
      });
    }
  }

  async start(): Promise<void> {
    this.running = true;
    const client = mqtt.connect(this.options.url, {
      clientId: `sillage-victron-${this.options.name}-${process.pid}`,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      queueQoSZero: false,
    });
    this.client = client;
    client.on('connect', () => this.connected(client));
    client.on('message', (topic, payload) => this.receive(topic, payload));
    client.on('error', (err) => this.connection.failed('disconnected', err.message));
    client.on('close', () => {
      clearInterval(this.keepaliveTimer);
      if (!this.running) return;
      this.connection.failed('disconnected', 'connection to the GX broker closed');
      if (this.reconnectTimer) return;
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = undefined;
        if (this.running && !client.connected) client.reconnect();
      }, this.backoff.next());
    });
    this.watchdog = setInterval(() => this.checkSilence(), Math.max(250, this.options.maxAgeMs / 2));
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.keepaliveTimer);
    clearInterval(this.watchdog);
    await this.client?.endAsync(true);
  }

  /**
   * The values of every device heard from within maxAgeMs. A value is sampled again until it changes, as the GX
   * means it; a device that falls silent, leaves the D-Bus or loses the link leaves gaps, never stale values.
   */
  read(): Readings {
    const out: Readings = {};
    if (!this.client?.connected) return out;
    const oldest = Date.now() - this.options.maxAgeMs;
    for (const device of this.devices.values()) {
      if (device.lastHeardAt < oldest) continue;
      for (const [path, value] of device.values) out[path] = value;
    }
    return out;
  }

  status(): DeviceStatus[] {
    return [this.connection.snapshot(), ...[...this.devices.values()].map((d) => d.health.snapshot())];
  }

  private connected(client: MqttClient): void {
    this.backoff.reset();
    this.connection.ok();
    const now = Date.now();
    // A reconnection is a fresh start: values come again with the full publish, and a device is judged silent
    // only after a full maxAgeMs on the new link.
    for (const device of this.devices.values()) {
      device.values.clear();
      device.lastHeardAt = now;
    }
    const { portalId } = this.options;
    const topics = this.options.devices.map((d) => `N/${portalId}/${d.service}/${d.instance}/#`);
    client.subscribe(topics, { qos: 0 }, (err) => {
      if (err) return this.connection.failed('disconnected', `subscription refused: ${err.message}`);
      // Empty payload: publish every value now (the GX retains nothing), then only changes.
      client.publish(`R/${portalId}/keepalive`, '');
    });
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = setInterval(() => {
      client.publish(`R/${portalId}/keepalive`, JSON.stringify({ 'keepalive-options': ['suppress-republish'] }));
    }, this.options.keepaliveMs);
  }

  private receive(topic: string, payload: Buffer): void {
    // N/<portal>/<service>/<instance>/<path…>
    const parts = topic.split('/');
    if (parts.length < 5 || parts[0] !== 'N' || parts[1] !== this.options.portalId) return;
    const device = this.devices.get(`${parts[2]}/${parts[3]}`);
    if (!device) return;
    // Zero bytes: the device left the D-Bus (a PV charger at night, a cable pulled), not a malformed message.
    if (payload.length === 0) {
      device.values.clear();
      device.health.failed('silent', 'the GX reports the device gone from its D-Bus');
      return;
    }
    // Any notification of the device, mapped or not, shows it is alive: a live device's D-Bus is never still.
    device.lastHeardAt = Date.now();
    const signal = device.signals.get(`/${parts.slice(4).join('/')}`);
    if (!signal) return;
    this.received++;
    const text = payload.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reject(device, topic, text, 'payload is not JSON');
    }
    const parsed = notificationSchema.safeParse(json);
    if (!parsed.success) return this.reject(device, topic, text, `not a notification: ${z.prettifyError(parsed.error)}`);
    if (parsed.data.value === null) {
      device.values.delete(signal.path);
      return;
    }
    const si = dbusToSi(signal.value, parsed.data.value);
    const verdict = checkValue(signal.path, si);
    if (verdict !== 'ok') return this.reject(device, topic, text, `${signal.path}=${si}: ${verdict}`);
    device.values.set(signal.path, si);
    device.health.ok();
  }

  private reject(device: Device, topic: string, payload: string, reason: string): void {
    this.rejected++;
    // The value it replaces is no longer known to be true.
    const signal = device.signals.get(`/${topic.split('/').slice(4).join('/')}`);
    if (signal) device.values.delete(signal.path);
    this.rejects.push({ topic, payload: payload.slice(0, KEPT_PAYLOAD_CHARS), reason });
    if (this.rejects.length > KEPT_REJECTS) this.rejects.shift();
    device.health.garbage(reason);
  }

  private checkSilence(): void {
    if (!this.client?.connected) return;
    const now = Date.now();
    for (const device of this.devices.values()) {
      const quiet = now - device.lastHeardAt;
      if (quiet > this.options.maxAgeMs) device.health.failed('silent', `nothing published for ${quiet} ms`);
    }
  }
}
