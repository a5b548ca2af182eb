import ModbusRTU from 'modbus-serial';
import type { ModbusRegister, ModbusRegisterMap } from '../../shared/devices/modbus-register-map.ts';
import { registerWidth } from '../../shared/devices/modbus-register-map.ts';
import type { Service } from '../../shared/lifecycle.ts';
import type { Readings } from '../../shared/source.ts';
import { encodeRegister } from './register-encoding.ts';

type Table = 'holding' | 'input';
type Callback = (err: unknown, values?: number[] | number) => void;

/** Modbus exception codes (Modbus Application Protocol v1.1b3, §7). */
const ILLEGAL_ADDRESS = 0x02;
const DEVICE_FAILURE = 0x04;
const GATEWAY_TARGET_FAILED = 0x0b;

export interface ModbusDeviceServerOptions {
  map: ModbusRegisterMap;
  /** The values the devices show now (sensor faults already applied). */
  readings: () => Readings;
  /** Whether a unit answers now: a silent device never replies, and the client times out as at sea. */
  answers?: (unitId: number) => boolean;
  host?: string;
  port: number;
}

/**
 * The simulated vessel's devices (BMS, drives, MPPT, generator controllers) behind one Modbus TCP endpoint, one unit
 * id each, serving registers by a register map. Each read encodes the latest value of the mapped registry path.
 */
export class ModbusDeviceServer implements Service {
  private server: InstanceType<typeof ModbusRTU.ServerTCP> | undefined;
  private readonly index = new Map<string, { register: ModbusRegister; word: number }>();
  private readonly units = new Set<number>();
  /** Requests answered and refused, for the tests and the simulate command's summary. */
  readonly counters = { answered: 0, exceptions: 0, unanswered: 0 };

  constructor(private readonly options: ModbusDeviceServerOptions) {
    for (const device of options.map.devices) {
      this.units.add(device.unitId);
      for (const register of device.registers) {
        for (let w = 0; w < registerWidth(register.format); w++) {
          this.index.set(key(device.unitId, register.table, register.address + w), { register, word: w });
        }
      }
    }
  }

  get port(): number {
    return this.options.port;
  }

  async start(): Promise<void> {
    const read = (table: Table) => (address: number, length: number, unitId: number, cb: Callback) =>
      this.answer(table, address, length, unitId, cb);
    const vector = {
      getMultipleHoldingRegisters: read('holding'),
      getMultipleInputRegisters: read('input'),
      getHoldingRegister: (address: number, unitId: number, cb: Callback) => this.answer('holding', address, 1, unitId, (e, v) => cb(e, Array.isArray(v) ? v[0] : v)),
      getInputRegister: (address: number, unitId: number, cb: Callback) => this.answer('input', address, 1, unitId, (e, v) => cb(e, Array.isArray(v) ? v[0] : v)),
    };
    await new Promise<void>((resolve, reject) => {
      const server = new ModbusRTU.ServerTCP(vector as never, { host: this.options.host ?? '127.0.0.1', port: this.options.port, unitID: 255 });
      this.server = server;
      server.once('initialized', () => resolve());
      server.once('serverError', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const sock of server.socks.keys()) sock.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(table: Table, address: number, length: number, unitId: number, cb: Callback): void {
    if (!this.units.has(unitId)) return this.refuse(cb, GATEWAY_TARGET_FAILED);
    if (this.options.answers && !this.options.answers(unitId)) {
      this.counters.unanswered++;
      return;
    }
    const readings = this.options.readings();
    const words: number[] = [];
    const cache = new Map<ModbusRegister, number[]>();
    for (let a = address; a < address + length; a++) {
      const hit = this.index.get(key(unitId, table, a));
      if (!hit) return this.refuse(cb, ILLEGAL_ADDRESS);
      let encoded = cache.get(hit.register);
      if (!encoded) {
        const value = readings[hit.register.path];
        if (value === undefined) return this.refuse(cb, DEVICE_FAILURE);
        try {
          encoded = encodeRegister(hit.register, value);
        } catch {
          return this.refuse(cb, DEVICE_FAILURE);
        }
        cache.set(hit.register, encoded);
      }
      words.push(encoded[hit.word]!);
    }
    this.counters.answered++;
    cb(null, words);
  }

  private refuse(cb: Callback, code: number): void {
    this.counters.exceptions++;
    cb({ modbusErrorCode: code, msg: 'refused' });
  }
}

const key = (unit: number, table: Table, address: number) => `${unit}:${table}:${address}`;
