import ModbusRTU from 'modbus-serial';
import type { Service } from '../../shared/lifecycle.ts';
import { ModbusRegisterBank, type ModbusRegisterBankOptions, type RegisterTable } from './modbus-register-bank.ts';

type Callback = (err: unknown, values?: number[] | number) => void;

export interface ModbusDeviceServerOptions extends ModbusRegisterBankOptions {
  host?: string;
  port: number;
}

/**
 * The simulated vessel's devices (BMS, drives, MPPT, generator controllers) behind one Modbus TCP endpoint, one unit
 * id each, serving registers by a register map.
 */
export class ModbusDeviceServer implements Service {
  private server: InstanceType<typeof ModbusRTU.ServerTCP> | undefined;
  private readonly bank: ModbusRegisterBank;

  constructor(private readonly options: ModbusDeviceServerOptions) {
    this.bank = new ModbusRegisterBank(options);
  }

  get port(): number {
    return this.options.port;
  }

  /** Requests answered and refused, for the tests and the simulate command's summary. */
  get counters(): ModbusRegisterBank['counters'] {
    return this.bank.counters;
  }

  async start(): Promise<void> {
    const read = (table: RegisterTable) => (address: number, length: number, unitId: number, cb: Callback) =>
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

  private answer(table: RegisterTable, address: number, length: number, unitId: number, cb: Callback): void {
    const answer = this.bank.read(table, address, length, unitId);
    if (answer === 'silent') return;
    if ('exception' in answer) cb({ modbusErrorCode: answer.exception, msg: 'refused' });
    else cb(null, answer.words);
  }
}
