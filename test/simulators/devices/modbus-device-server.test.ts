import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ModbusSerial from 'modbus-serial';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema } from '../../../shared/devices/modbus-register-map.ts';
import type { Readings } from '../../../shared/source.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { ModbusDeviceServer } from '../../../simulators/devices/modbus-device-server.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';

const map = modbusRegisterMapSchema.parse(
  JSON.parse(readFileSync(join(import.meta.dirname, '../../../simulators/devices/fregate-modbus-map.json'), 'utf8')),
);

// modbus-serial is CommonJS: its default export is the client class at run time, typed as a namespace.
type ModbusRTU = InstanceType<typeof ModbusSerial.default>;
const ModbusClient = ModbusSerial as unknown as new () => ModbusRTU;

describe('the simulated devices over Modbus TCP', () => {
  const START = Date.UTC(2024, 5, 10, 4);
  let server: ModbusDeviceServer;
  let client: ModbusRTU;
  let readings: Readings;
  const silent = new Set<number>();

  beforeEach(async () => {
    const source = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 2, start: START });
    readings = source.read(START + 3 * 3_600_000);
    server = new ModbusDeviceServer({ map, readings: () => readings, answers: (u) => !silent.has(u), port: await freePort() });
    await server.start();
    client = new ModbusClient();
    await client.connectTCP('127.0.0.1', { port: server.port });
    client.setTimeout(3000);
  });

  afterEach(async () => {
    silent.clear();
    client.close(() => {});
    await server.stop();
  });

  it('serves the BMS state of charge, voltage and signed current from input registers', async () => {
    client.setID(1);
    const r = await client.readInputRegisters(0, 3);
    expect(r.data[0]! * 0.0001).toBeCloseTo(readings['electrical.batteries.main.capacity.stateOfCharge' as never]!, 4);
    expect(r.data[1]! * 0.1).toBeCloseTo(readings['electrical.batteries.main.voltage' as never]!, 1);
    const signed = r.buffer.readInt16BE(4) * 0.1;
    expect(signed).toBeCloseTo(readings['electrical.batteries.main.current' as never]!, 1);
  });

  it('serves a generator\'s power as uint32 and its fuel rate as a little-word-order float32', async () => {
    client.setID(10);
    const r = await client.readHoldingRegisters(0, 6);
    expect(r.buffer.readUInt32BE(0)).toBe(Math.round(readings['electrical.generators.gen1.power' as never]!));
    const swapped = Buffer.from([...r.buffer.subarray(10, 12), ...r.buffer.subarray(8, 10)]);
    // The flowmeter shows 0.01 L/h steps (its `step` in the map).
    expect(Math.abs(swapped.readFloatBE(0) - readings['propulsion.gen1.fuel.rate' as never]!)).toBeLessThanOrEqual(0.005 / 3.6e6);
  });

  it('answers an unmapped address with the illegal-address exception', async () => {
    client.setID(2);
    await expect(client.readHoldingRegisters(0, 1)).rejects.toMatchObject({ modbusCode: 2 });
  });

  it('lets a device fall silent so that the client times out, while the others still answer', async () => {
    silent.add(3);
    client.setID(3);
    await expect(client.readHoldingRegisters(0, 1)).rejects.toMatchObject({ name: 'TransactionTimedOutError' });
    client.setID(2);
    const r = await client.readHoldingRegisters(100, 2);
    expect(r.buffer.readFloatBE(0)).toBeCloseTo(readings['propulsion.main.power' as never]!, 0);
  });
});
