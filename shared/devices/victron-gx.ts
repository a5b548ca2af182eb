import { z } from 'zod';
import type { EquipmentKind } from '../registry/index.ts';
import { asSignalPath, type SignalPath } from '../registry/index.ts';
import type { ModbusRegister, ModbusRegisterMap } from './modbus-register-map.ts';

/**
 * What a Victron GX (Cerbo GX, Venus OS) tells about a vessel's DC and AC system, and where it lands in the
 * registry. Addresses, formats and scale factors are those of Victron's published Modbus TCP register list,
 * `attributes.csv` of github.com/victronenergy/dbus_modbustcp (commit 00297ab7, Victron Energy B.V., MIT licence);
 * the same D-Bus paths are the topics of the GX's MQTT broker (github.com/victronenergy/dbus-flashmq).
 */
export const VICTRON_SERVICES = ['system', 'battery', 'vebus', 'solarcharger'] as const;
export type VictronService = (typeof VICTRON_SERVICES)[number];

/** The equipment a GX value belongs to: fills the `<id>` of its registry path from the device's configuration. */
export type VictronEquipment = Extract<EquipmentKind, 'batteries' | 'solar' | 'loads' | 'generators'>;

export interface VictronValue {
  readonly service: VictronService;
  /** The D-Bus path, also the tail of the MQTT topic. */
  readonly dbusPath: string;
  /** Victron's unit for the D-Bus value (what MQTT carries). */
  readonly victronUnit: string;
  readonly address: number;
  readonly format: 'uint16' | 'int16';
  /** attributes.csv's scale factor: register = D-Bus value × victronScale. */
  readonly victronScale: number;
  /** Registry pattern; `<id>` comes from the device's `ids[equipment]`. */
  readonly signal: string;
  readonly equipment?: VictronEquipment;
  /** SI value = D-Bus value × siScale + siOffset (% → ratio, °C → K). */
  readonly siScale: number;
  readonly siOffset: number;
}

const value = (
  service: VictronService, dbusPath: string, victronUnit: string, address: number, format: VictronValue['format'],
  victronScale: number, signal: string, equipment?: VictronEquipment, siScale = 1, siOffset = 0,
): VictronValue => ({ service, dbusPath, victronUnit, address, format, victronScale, signal, equipment, siScale, siOffset });

const PERCENT = 0.01;
const CELSIUS = 273.15;

/**
 * The subset Sillage reads. Only phase L1 of the AC values: the vessels Sillage models have single-phase hotel
 * circuits. An int16 watt register tops out at 32 767 W, and the battery service's uint16 centivolts at 655.35 V.
 */
export const VICTRON_VALUES: readonly VictronValue[] = [
  value('system', '/Dc/Battery/Voltage', 'V DC', 840, 'uint16', 10, 'electrical.batteries.<id>.voltage', 'batteries'),
  value('system', '/Dc/Battery/Current', 'A DC', 841, 'int16', 10, 'electrical.batteries.<id>.current', 'batteries'),
  value('system', '/Dc/Battery/Power', 'W', 842, 'int16', 1, 'electrical.batteries.<id>.power', 'batteries'),
  value('system', '/Dc/Battery/Soc', '%', 843, 'uint16', 1, 'electrical.batteries.<id>.capacity.stateOfCharge', 'batteries', PERCENT),
  value('system', '/Dc/Battery/TimeToGo', 's', 846, 'uint16', 0.01, 'electrical.batteries.<id>.capacity.timeRemaining', 'batteries'),
  value('system', '/Dc/Pv/Power', 'W', 850, 'uint16', 1, 'electrical.solar.<id>.panelPower', 'solar'),
  value('system', '/Ac/Consumption/L1/Power', 'W', 817, 'uint16', 1, 'electrical.loads.<id>.power', 'loads'),
  value('system', '/Ac/Genset/L1/Power', 'W', 823, 'int16', 1, 'electrical.generators.<id>.power', 'generators'),
  value('battery', '/Dc/0/Voltage', 'V DC', 259, 'uint16', 100, 'electrical.batteries.<id>.voltage', 'batteries'),
  value('battery', '/Dc/0/Current', 'A DC', 261, 'int16', 10, 'electrical.batteries.<id>.current', 'batteries'),
  value('battery', '/Dc/0/Temperature', '°C', 262, 'int16', 10, 'electrical.batteries.<id>.temperature', 'batteries', 1, CELSIUS),
  value('battery', '/Soc', '%', 266, 'uint16', 10, 'electrical.batteries.<id>.capacity.stateOfCharge', 'batteries', PERCENT),
  value('battery', '/TimeToGo', 's', 303, 'uint16', 0.01, 'electrical.batteries.<id>.capacity.timeRemaining', 'batteries'),
  value('vebus', '/Ac/ActiveIn/L1/P', 'W', 12, 'int16', 0.1, 'electrical.shore.power'),
  value('vebus', '/Ac/Out/L1/P', 'W', 23, 'int16', 0.1, 'electrical.loads.<id>.power', 'loads'),
  value('solarcharger', '/Yield/Power', 'W', 789, 'uint16', 10, 'electrical.solar.<id>.panelPower', 'solar'),
];

const ID = /^[A-Za-z0-9]{1,32}$/;
const id = z.string().regex(ID, 'equipment id: letters and digits (at most 32)');

/** zod runs an object's refinement even when a field failed: a bad id is reported once, by its own field. */
const readsSomething = (d: VictronDevice): boolean =>
  Object.values(d.ids).some((v) => v !== undefined && !ID.test(v)) || victronSignals(d).length > 0;

const READS_NOTHING = 'this device reads nothing: give `ids` an id for the equipment it measures';

const deviceBase = {
  service: z.enum(VICTRON_SERVICES),
  /** Which registry id each kind of equipment of this device takes; a kind left out is not read. */
  ids: z.strictObject({ batteries: id.optional(), solar: id.optional(), loads: id.optional(), generators: id.optional() }).default({}),
};

/** A device behind the GX's Modbus TCP server: its unit id (100 is the system service on every GX). */
export const victronModbusDeviceSchema = z.strictObject({ ...deviceBase, unitId: z.number().int().min(0).max(255) })
  .refine(readsSomething, { message: READS_NOTHING });
/** A device on the GX's MQTT broker: its D-Bus device instance (0 for the system service). */
export const victronMqttDeviceSchema = z.strictObject({ ...deviceBase, instance: z.number().int().min(0).max(65535) })
  .refine(readsSomething, { message: READS_NOTHING });

export type VictronModbusDevice = z.infer<typeof victronModbusDeviceSchema>;
export type VictronMqttDevice = z.infer<typeof victronMqttDeviceSchema>;
interface VictronDevice {
  readonly service: VictronService;
  readonly ids: Readonly<Partial<Record<VictronEquipment, string>>>;
}

export interface VictronSignal {
  readonly value: VictronValue;
  readonly path: SignalPath;
}

/** The values a configured device gives and the registry path each one lands on. */
export function victronSignals(device: VictronDevice): VictronSignal[] {
  const signals: VictronSignal[] = [];
  for (const v of VICTRON_VALUES) {
    if (v.service !== device.service) continue;
    if (!v.equipment) {
      signals.push({ value: v, path: asSignalPath(v.signal) });
      continue;
    }
    const equipmentId = device.ids[v.equipment];
    if (equipmentId !== undefined) signals.push({ value: v, path: asSignalPath(v.signal.replace('<id>', equipmentId)) });
  }
  return signals;
}

/** SI value of a D-Bus value, as the MQTT broker publishes it. */
export const dbusToSi = (v: VictronValue, dbusValue: number): number => dbusValue * v.siScale + v.siOffset;
/** D-Bus value of an SI value, for the simulated GX. */
export const siToDbus = (v: VictronValue, si: number): number => (si - v.siOffset) / v.siScale;

/** Name under which a device's health is reported. */
export const victronModbusDeviceName = (d: VictronModbusDevice): string => `${d.service}@unit${d.unitId}`;
export const victronMqttDeviceName = (d: VictronMqttDevice): string => `${d.service}/${d.instance}`;

/**
 * The GX's registers for these devices as a generic register map, so the edge's Modbus source reads a GX and the
 * simulator's Modbus server serves one with no Victron-specific code: raw × (siScale / victronScale) + siOffset.
 */
export function victronRegisterMap(devices: readonly VictronModbusDevice[]): ModbusRegisterMap {
  return {
    devices: devices.map((d) => ({
      name: victronModbusDeviceName(d),
      unitId: d.unitId,
      registers: victronSignals(d).map(({ value: v, path }): ModbusRegister => ({
        path,
        address: v.address,
        table: 'holding',
        format: v.format,
        wordOrder: 'big',
        // Rounded so that 0.01 / 10 is the 0.001 the decoder's exact-decimal rounding expects.
        scale: Number((v.siScale / v.victronScale).toPrecision(12)),
        offset: v.siOffset,
      })),
    })),
  };
}
