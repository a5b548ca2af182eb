import { z } from 'zod';
import { isSignalPath, type SignalPath } from '../registry/index.ts';

/**
 * How a Modbus device's registers map onto registry signals. The simulator serves its devices by such a map and
 * the edge reads real ones by the same kind of map: `value = raw × scale + offset`, in the registry's SI unit.
 */
export const modbusRegisterSchema = z.strictObject({
  path: z.string().refine(isSignalPath, { message: 'unknown signal path' }).transform((p) => p as SignalPath),
  /** Zero-based register address. */
  address: z.number().int().min(0).max(65535),
  table: z.enum(['holding', 'input']).default('holding'),
  format: z.enum(['uint16', 'int16', 'uint32', 'int32', 'float32']),
  /** Order of the two 16-bit words of a 32-bit value: 'big' = high word first (Modbus convention). */
  wordOrder: z.enum(['big', 'little']).default('big'),
  scale: z.number().refine((s) => s !== 0, 'scale cannot be 0').default(1),
  offset: z.number().default(0),
  /**
   * The instrument's own step in the registry's SI unit, for a float32 register whose format does not say it (an
   * integer register's step is its scale). The registry's resolution must not be coarser (tested).
   */
  step: z.number().positive().optional(),
});

export const modbusDeviceSchema = z.strictObject({
  name: z.string().min(1).max(64),
  unitId: z.number().int().min(0).max(255),
  registers: z.array(modbusRegisterSchema).min(1),
});

export const modbusRegisterMapSchema = z.strictObject({
  devices: z.array(modbusDeviceSchema).min(1),
});

export type ModbusRegister = z.infer<typeof modbusRegisterSchema>;
export type ModbusDevice = z.infer<typeof modbusDeviceSchema>;
export type ModbusRegisterMap = z.infer<typeof modbusRegisterMapSchema>;

/** 16-bit registers a value of this format occupies. */
export const registerWidth = (format: ModbusRegister['format']): 1 | 2 => (format === 'uint16' || format === 'int16' ? 1 : 2);

/** The smallest change this register can show, in SI: its scale for an integer, its stated step for a float. */
export const registerStep = (register: ModbusRegister): number | undefined =>
  (register.format === 'float32' ? register.step : Math.abs(register.scale));
