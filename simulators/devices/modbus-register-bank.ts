import type { ModbusRegister, ModbusRegisterMap } from '../../shared/devices/modbus-register-map.ts';
import { registerWidth } from '../../shared/devices/modbus-register-map.ts';
import type { Readings } from '../../shared/source.ts';
import { encodeRegister } from './register-encoding.ts';

export type RegisterTable = 'holding' | 'input';

/** Modbus exception codes (Modbus Application Protocol v1.1b3, §7). */
export const ILLEGAL_FUNCTION = 0x01;
const ILLEGAL_ADDRESS = 0x02;
const DEVICE_FAILURE = 0x04;
const GATEWAY_TARGET_FAILED = 0x0b;

/** What a unit does with a read: the words, a Modbus exception, or nothing at all (a silent device). */
export type RegisterAnswer = { words: number[] } | { exception: number } | 'silent';

export interface ModbusRegisterBankOptions {
  map: ModbusRegisterMap;
  /** The values the devices show now (sensor faults already applied). */
  readings: () => Readings;
  /** Whether a unit answers now: a silent device never replies, and the client times out as at sea. */
  answers?: (unitId: number) => boolean;
}

/**
 * The registers of the simulated vessel's devices, one unit id each, whatever carries the requests (Modbus TCP or
 * RTU on a serial line): each read encodes the latest value of the mapped registry path.
 */
export class ModbusRegisterBank {
  private readonly index = new Map<string, { register: ModbusRegister; word: number }>();
  private readonly units = new Set<number>();
  /** Requests answered and refused, for the tests and the simulate command's summary. */
  readonly counters = { answered: 0, exceptions: 0, unanswered: 0 };

  constructor(private readonly options: ModbusRegisterBankOptions) {
    for (const device of options.map.devices) {
      this.units.add(device.unitId);
      for (const register of device.registers) {
        for (let w = 0; w < registerWidth(register.format); w++) {
          this.index.set(key(device.unitId, register.table, register.address + w), { register, word: w });
        }
      }
    }
  }

  read(table: RegisterTable, address: number, length: number, unitId: number): RegisterAnswer {
    if (!this.units.has(unitId)) return this.refuse(GATEWAY_TARGET_FAILED);
    if (this.options.answers && !this.options.answers(unitId)) {
      this.counters.unanswered++;
      return 'silent';
    }
    const readings = this.options.readings();
    const words: number[] = [];
    const cache = new Map<ModbusRegister, number[]>();
    for (let a = address; a < address + length; a++) {
      const hit = this.index.get(key(unitId, table, a));
      if (!hit) return this.refuse(ILLEGAL_ADDRESS);
      let encoded = cache.get(hit.register);
      if (!encoded) {
        const value = readings[hit.register.path];
        if (value === undefined) return this.refuse(DEVICE_FAILURE);
        try {
          encoded = encodeRegister(hit.register, value);
        } catch {
          return this.refuse(DEVICE_FAILURE);
        }
        cache.set(hit.register, encoded);
      }
      words.push(encoded[hit.word]!);
    }
    this.counters.answered++;
    return { words };
  }

  /** A request the bank cannot serve at all (a function code it does not know), refused and counted. */
  refuse(code: number): { exception: number } {
    this.counters.exceptions++;
    return { exception: code };
  }
}

const key = (unit: number, table: RegisterTable, address: number) => `${unit}:${table}:${address}`;
