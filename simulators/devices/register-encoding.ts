import type { ModbusRegister } from '../../shared/devices/modbus-register-map.ts';

/** Why a value cannot go into its register: out of the format's range, or not a number where integers are meant. */
export class RegisterRangeError extends Error {}

/**
 * The 16-bit words a device shows for an SI value: raw = (value − offset) / scale, rounded for integer formats
 * and to the instrument's stated step for a float, high word first unless the map says `little`. The inverse of
 * what the edge's Modbus source decodes.
 */
export function encodeRegister(register: ModbusRegister, value: number): number[] {
  const exact = (value - register.offset) / register.scale;
  const rawStep = register.format === 'float32' && register.step !== undefined ? register.step / Math.abs(register.scale) : undefined;
  const raw = rawStep === undefined ? exact : Math.round(exact / rawStep) * rawStep;
  const buf = Buffer.alloc(4);
  switch (register.format) {
    case 'uint16': return [integer(raw, 0, 0xffff)];
    case 'int16': return [integer(raw, -0x8000, 0x7fff) & 0xffff];
    case 'uint32': buf.writeUInt32BE(integer(raw, 0, 0xffffffff)); break;
    case 'int32': buf.writeInt32BE(integer(raw, -0x80000000, 0x7fffffff)); break;
    case 'float32': buf.writeFloatBE(raw); break;
  }
  const words = [buf.readUInt16BE(0), buf.readUInt16BE(2)];
  return register.wordOrder === 'little' ? words.reverse() : words;
}

function integer(raw: number, min: number, max: number): number {
  if (!Number.isFinite(raw)) throw new RegisterRangeError(`${raw} has no integer register value`);
  const n = Math.round(raw);
  if (n < min || n > max) throw new RegisterRangeError(`${n} outside [${min}, ${max}]`);
  return n;
}
