import type ModbusSerial from 'modbus-serial';
import type { ModbusDevice, ModbusRegisterMap } from '../../../shared/devices/modbus-register-map.ts';
import { checkValue } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';
import { Backoff } from '../../retry/backoff.ts';
import { DeviceHealth, type DeviceStatus, type DeviceStatusListener } from '../device-health.ts';
import { FreshReadings } from '../fresh-readings.ts';
import type { SerialLine } from '../source-config.ts';
import { decodeRegister, planReads, type RegisterSpan } from './register-decoding.ts';

export interface ModbusSourceOptions {
  name: string;
  /** A Modbus TCP server: the devices themselves or a gateway in front of them (one unit id each). */
  host?: string;
  port?: number;
  /** Modbus RTU instead: the devices on an RS-485 line behind this serial port (one unit id each). */
  serial?: SerialLine;
  map: ModbusRegisterMap;
  pollMs: number;
  /** A unit that has not answered within this is silent for this round. */
  timeoutMs: number;
  retry: { minMs: number; maxMs: number };
  onStatus: DeviceStatusListener;
}

// modbus-serial is CommonJS: its default export is the client class at run time, typed as a namespace.
type ModbusClient = InstanceType<typeof ModbusSerial.default>;

/**
 * modbus-serial brings its serial-port stack with it: loaded when a Modbus source starts, so an agent without
 * one does not carry it in memory (the onboard computer's footprint, docs/BENCHMARKS.md).
 */
async function newModbusClient(timeoutMs: number): Promise<ModbusClient> {
  const { default: ModbusSerial } = await import('modbus-serial');
  const client = new (ModbusSerial as unknown as new () => ModbusClient)();
  client.setTimeout(timeoutMs);
  return client;
}

/** Modbus exceptions 1–3 (illegal function, address, value): the map does not fit the device. */
const MISCONFIGURED_CODES = new Set([1, 2, 3]);

/** How modbus-serial reports an answer that arrived damaged: the unit spoke, the line garbled it. */
const CORRUPT_ANSWER = /^(CRC error|Data length error)/;

/**
 * Polls every device of a register map over one Modbus TCP connection or RTU serial line in the background, so a silent device
 * never holds up the sampler; `read` hands over what arrived since the last sample. A device that times out,
 * refuses or answers nonsense is reported and retried with a growing pause while the others go on.
 */
export class ModbusSource implements TelemetrySource {
  readonly name: string;
  private client: ModbusClient | undefined;
  private readonly readings: FreshReadings;
  private readonly devices: { device: ModbusDevice; spans: RegisterSpan[]; health: DeviceHealth }[];
  private readonly connection: DeviceHealth;
  private readonly reconnect: Backoff;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private polling: Promise<void> = Promise.resolve();
  /** Answers that arrived damaged (CRC error, cut short): line noise on a serial bus. */
  corruptFrames = 0;

  constructor(private readonly options: ModbusSourceOptions) {
    this.name = options.name;
    this.readings = new FreshReadings(2 * options.pollMs + options.timeoutMs);
    this.devices = options.map.devices.map((device) => ({
      device,
      spans: planReads(device.registers),
      health: new DeviceHealth(options.name, device.name, options.onStatus, options.retry),
    }));
    const line = options.serial ? options.serial.path : `${options.host}:${options.port ?? 502}`;
    this.connection = new DeviceHealth(options.name, line, options.onStatus, options.retry);
    this.reconnect = new Backoff(options.retry.minMs, options.retry.maxMs);
  }

  async start(): Promise<void> {
    const client = await newModbusClient(this.options.timeoutMs);
    // The library re-emits a port's errors (a serial adapter unplugged mid-read): unheard, one would end the agent.
    client.on('error', (err) => this.connection.failed('disconnected', err instanceof Error ? err.message : String(err)));
    this.client = client;
    this.running = true;
    this.schedule(client, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.polling;
    await this.close();
  }

  read(): Readings {
    return this.readings.take();
  }

  status(): DeviceStatus[] {
    return [this.connection.snapshot(), ...this.devices.map((d) => d.health.snapshot())];
  }

  private schedule(client: ModbusClient, delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.polling = this.pollAll(client).then((next) => this.schedule(client, next));
    }, delayMs);
  }

  /** One round over every device that is due; returns the pause before the next round. */
  private async pollAll(client: ModbusClient): Promise<number> {
    const started = Date.now();
    if (!(await this.open(client))) return this.reconnect.next();
    for (const entry of this.devices) {
      if (!this.running) break;
      if (!entry.health.due()) continue;
      const timedOut = !(await this.poll(client, entry));
      // A unit that timed out may still answer late, or a gateway may hold the connection for it: the next
      // unit gets a fresh connection, so one silent device cannot silence its neighbours. On a serial line the
      // late answer would wait in the port's buffer to be taken for the unit's next one: reopening drops it.
      if (timedOut) await this.close();
      if (!(await this.open(client))) return this.reconnect.next();
    }
    if (!client.isOpen) {
      this.connection.failed('disconnected', 'connection closed by the peer');
      return this.reconnect.next();
    }
    return Math.max(0, this.options.pollMs - (Date.now() - started));
  }

  private async open(client: ModbusClient): Promise<boolean> {
    if (client.isOpen) return true;
    const { serial } = this.options;
    try {
      if (serial) await client.connectRTUBuffered(serial.path, { baudRate: serial.baudRate, parity: serial.parity, dataBits: serial.dataBits, stopBits: serial.stopBits });
      else await client.connectTCP(this.options.host!, { port: this.options.port ?? 502 });
      this.reconnect.reset();
      this.connection.ok();
      return true;
    } catch (err) {
      this.connection.failed('disconnected', (err as Error).message);
      return false;
    }
  }

  /**
   * Drops a TCP connection at once: a graceful close waits for the peer's FIN, which a gateway busy with a silent
   * unit may never send, and the whole bus would wait with it. A serial port has no peer to wait for (and the
   * library's serial port cannot be destroyed, only closed).
   */
  private async close(): Promise<void> {
    const client = this.client;
    if (!client?.isOpen) return;
    if (this.options.serial) client.close(() => undefined);
    else client.destroy(() => undefined);
    // The port marks itself closed only when the socket's close event has run, an event-loop turn or so later.
    const deadline = Date.now() + this.options.timeoutMs;
    while (client.isOpen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  }

  /** Reads one device; false when it did not answer in time. */
  private async poll(client: ModbusClient, { device, spans, health }: (typeof this.devices)[number]): Promise<boolean> {
    const values: [ModbusDevice['registers'][number]['path'], number][] = [];
    const rejected: string[] = [];
    client.setID(device.unitId);
    try {
      for (const span of spans) {
        const result = span.table === 'input'
          ? await client.readInputRegisters(span.start, span.length)
          : await client.readHoldingRegisters(span.start, span.length);
        if (!Array.isArray(result.data) || result.data.length < span.length) throw new Error(`short answer: ${result.data?.length ?? 0} of ${span.length} registers`);
        for (const register of span.registers) {
          const value = decodeRegister(register, result.data.slice(register.address - span.start));
          if (checkValue(register.path, value) === 'ok') values.push([register.path, value]);
          else rejected.push(`${register.path}=${value}`);
        }
      }
    } catch (err) {
      const e = err as Error & { modbusCode?: number; errno?: string };
      if (e.modbusCode !== undefined && MISCONFIGURED_CODES.has(e.modbusCode)) health.failed('misconfigured', `Modbus exception ${e.modbusCode}: ${e.message}`);
      else if (CORRUPT_ANSWER.test(e.message)) {
        this.corruptFrames++;
        health.garbage(`damaged answer: ${e.message}`);
      } else if (e.errno === 'ETIMEDOUT' || /timed out/i.test(e.message)) {
        health.failed('silent', `no answer within ${this.options.timeoutMs} ms`);
        return false;
      } else health.failed('silent', e.message);
      return true;
    }
    // Values count only once every read of the device succeeded: half a reading is not published as a whole one.
    for (const [path, value] of values) this.readings.set(path, value);
    if (rejected.length > 0) health.garbage(`outside the physical range: ${rejected.slice(0, 3).join(', ')}`);
    else health.ok();
    return true;
  }
}
