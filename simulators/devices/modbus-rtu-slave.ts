import { SerialPort } from 'serialport';
import type { Service } from '../../shared/lifecycle.ts';
import { ILLEGAL_FUNCTION, ModbusRegisterBank, type ModbusRegisterBankOptions } from './modbus-register-bank.ts';
import { rtuFrame, takeRequests } from './modbus-rtu-frame.ts';

export interface ModbusRtuSlaveOptions extends ModbusRegisterBankOptions {
  /** The simulator's end of the serial line, e.g. one side of a pseudo-terminal pair. */
  path: string;
  baudRate?: number;
  parity?: 'none' | 'even' | 'odd';
  /** Whether the line garbles the answers now (a corrupt-frame fault): noise before the frame, a wrong CRC. */
  garbles?: () => boolean;
  onError?: (err: Error) => void;
}

/** What a noisy RS-485 line shows between frames: bytes no unit sends at the start of an answer. */
const LINE_NOISE = Buffer.from([0x00, 0xff, 0xaa, 0x55]);

/**
 * The simulated vessel's meters and BMS on an RS-485 bus, answering Modbus RTU read requests (function codes 3
 * and 4) on a serial line from the same register map as the Modbus TCP devices.
 */
export class ModbusRtuSlave implements Service {
  private port: SerialPort | undefined;
  private received: Buffer = Buffer.alloc(0);
  private readonly bank: ModbusRegisterBank;
  /** Bytes dropped as line noise, and answers sent garbled. */
  readonly line = { skippedBytes: 0, garbled: 0 };

  constructor(private readonly options: ModbusRtuSlaveOptions) {
    this.bank = new ModbusRegisterBank(options);
  }

  get counters(): ModbusRegisterBank['counters'] {
    return this.bank.counters;
  }

  async start(): Promise<void> {
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate ?? 9600, parity: this.options.parity ?? 'none', autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    this.port = port;
    this.received = Buffer.alloc(0);
    port.on('data', (bytes: Buffer) => this.receive(port, bytes));
    port.on('error', (err: Error) => this.options.onError?.(err));
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private receive(port: SerialPort, bytes: Buffer): void {
    const { requests, skipped, rest } = takeRequests(Buffer.concat([this.received, bytes]));
    this.received = rest;
    this.line.skippedBytes += skipped;
    for (const request of requests) {
      const answer = this.answer(request.unitId, request.functionCode, request.address, request.quantity);
      if (answer) port.write(answer);
    }
  }

  private answer(unitId: number, functionCode: number, address: number, quantity: number): Buffer | undefined {
    const result = functionCode === 3 || functionCode === 4
      ? this.bank.read(functionCode === 3 ? 'holding' : 'input', address, quantity, unitId)
      : this.bank.refuse(ILLEGAL_FUNCTION);
    if (result === 'silent') return undefined;
    let pdu: Buffer;
    if ('exception' in result) {
      pdu = Buffer.from([functionCode | 0x80, result.exception]);
    } else {
      pdu = Buffer.alloc(2 + 2 * result.words.length);
      pdu[0] = functionCode;
      pdu[1] = 2 * result.words.length;
      result.words.forEach((word, i) => pdu.writeUInt16BE(word, 2 + 2 * i));
    }
    const frame = rtuFrame(unitId, pdu);
    if (!this.options.garbles?.()) return frame;
    this.line.garbled++;
    frame[frame.length - 1]! ^= 0xff;
    return Buffer.concat([LINE_NOISE, frame]);
  }
}
