import { registerWidth, type ModbusRegister } from '../../../shared/devices/modbus-register-map.ts';

/**
 * The SI value of a register from the 16-bit words a device returned: `raw × scale + offset`, where raw is
 * read as the map's format (signed or not, 16 or 32 bits, IEEE float) in the map's word order.
 */
export function decodeRegister(register: ModbusRegister, words: readonly number[]): number {
  const width = registerWidth(register.format);
  if (words.length < width) throw new RangeError(`${register.path}: ${width} words needed, ${words.length} given`);
  const buf = Buffer.alloc(4);
  const [first, second] = register.wordOrder === 'little' ? [words[1]!, words[0]!] : [words[0]!, words[1] ?? 0];
  buf.writeUInt16BE(first & 0xffff, 0);
  buf.writeUInt16BE(second & 0xffff, 2);
  let raw: number;
  switch (register.format) {
    case 'uint16': raw = buf.readUInt16BE(0); break;
    case 'int16': raw = buf.readInt16BE(0); break;
    case 'uint32': raw = buf.readUInt32BE(0); break;
    case 'int32': raw = buf.readInt32BE(0); break;
    case 'float32': raw = buf.readFloatBE(0); break;
  }
  const value = raw * register.scale + register.offset;
  // An integer register holds an exact decimal (6523 × 0.1 is 652.3, not 652.3000000000001).
  return register.format === 'float32' ? value : Number(value.toFixed(Math.min(20, decimalsOf(register.scale) + decimalsOf(register.offset))));
}

function decimalsOf(n: number): number {
  const [mantissa, exponent] = String(n).split('e');
  const fraction = mantissa!.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

export interface RegisterSpan {
  readonly table: ModbusRegister['table'];
  readonly start: number;
  readonly length: number;
  readonly registers: readonly ModbusRegister[];
}

/** A Modbus read returns at most 125 registers (Modbus Application Protocol v1.1b3, §6.3). */
const MAX_READ = 125;

/**
 * The fewest reads that cover a device's registers: adjacent registers of one table share a request, so a BMS
 * is one round trip on a slow bus instead of one per value. Holes are not read across by default: many
 * devices refuse a read that touches an address they do not have.
 */
export function planReads(registers: readonly ModbusRegister[], maxGap = 0): RegisterSpan[] {
  const spans: RegisterSpan[] = [];
  for (const table of ['input', 'holding'] as const) {
    const sorted = registers.filter((r) => r.table === table).sort((a, b) => a.address - b.address);
    let current: { start: number; end: number; registers: ModbusRegister[] } | undefined;
    for (const r of sorted) {
      const end = r.address + registerWidth(r.format);
      if (current && r.address - current.end <= maxGap && end - current.start <= MAX_READ) {
        current.end = Math.max(current.end, end);
        current.registers.push(r);
        continue;
      }
      if (current) spans.push({ table, start: current.start, length: current.end - current.start, registers: current.registers });
      current = { start: r.address, end, registers: [r] };
    }
    if (current) spans.push({ table, start: current.start, length: current.end - current.start, registers: current.registers });
  }
  return spans;
}
