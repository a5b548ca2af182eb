import ModbusSerial from 'modbus-serial';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema, type ModbusRegisterMap } from '../../../shared/devices/modbus-register-map.ts';
import type { Readings } from '../../../shared/source.ts';
import { ModbusSource } from '../../../edge/sources/modbus/modbus-source.ts';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { ModbusDeviceServer } from '../../../simulators/devices/modbus-device-server.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

type Callback = (err: unknown, value?: number[] | number) => void;
interface TestServer { close(cb: () => void): void; socks: Map<{ destroy(): void }, unknown>; once(e: string, cb: (x?: unknown) => void): void }
const ServerTCP = (ModbusSerial as unknown as { ServerTCP: new (vector: unknown, options: unknown) => TestServer }).ServerTCP;

/** Holding registers 0–9 of unit 1 as a device would show them; unit 7 never answers, unit 9 has no registers. */
const WORDS = [
  6523, // 0 uint16 voltage ×0.1 → 652.3 V
  0xff38, // 1 int16 current ×0.1 → −20.0 A
  0x0001, 0x86a0, // 2–3 uint32 big → 100 000 W
  0x86a0, 0x0001, // 4–5 uint32 little → 100 000 W
  0x4148, 0x0000, // 6–7 float32 big 12.5 → revolutions 12.5 Hz
  0xffff, 0x3cb0, // 8–9 int32 big −50 000 W
];

const map = (unitId: number, name: string): ModbusRegisterMap['devices'][number] => modbusRegisterMapSchema.parse({ devices: [{ name, unitId, registers: [
  { path: 'electrical.batteries.main.voltage', address: 0, format: 'uint16', scale: 0.1 },
  { path: 'electrical.batteries.main.current', address: 1, format: 'int16', scale: 0.1 },
  { path: 'electrical.batteries.main.power', address: 8, format: 'int32' },
  { path: 'electrical.shore.power', address: 2, format: 'uint32' },
  { path: 'electrical.loads.hotel.power', address: 4, format: 'uint32', wordOrder: 'little' },
  { path: 'propulsion.main.revolutions', address: 6, format: 'float32' },
] }] }).devices[0]!;

async function startRawServer(port: number, words: number[]): Promise<TestServer> {
  const read = (address: number, length: number, unitId: number, cb: Callback) => {
    if (unitId === 7) return; // silent: the client times out, as with a device that lost power
    if (unitId === 9 || address + length > words.length) return cb({ modbusErrorCode: 2, msg: 'illegal data address' });
    cb(null, words.slice(address, address + length));
  };
  const server = new ServerTCP({
    getMultipleHoldingRegisters: read,
    getHoldingRegister: (address: number, unitId: number, cb: Callback) => read(address, 1, unitId, (e, v) => cb(e, Array.isArray(v) ? v[0] : v)),
  }, { host: '127.0.0.1', port, unitID: 255 });
  await new Promise((resolve) => server.once('initialized', resolve));
  return server;
}

const stopRaw = (server: TestServer) => new Promise<void>((resolve) => {
  for (const sock of server.socks.keys()) sock.destroy();
  server.close(() => resolve());
});

describe('the Modbus TCP source', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function source(port: number, devices: ModbusRegisterMap['devices'], changes: DeviceStatusChange[] = []) {
    const s = new ModbusSource({ name: 'bus', host: '127.0.0.1', port, map: { devices }, pollMs: 200, timeoutMs: 300, retry: { minMs: 400, maxMs: 2000 }, onStatus: (c) => changes.push(c) });
    await s.start();
    cleanup.push(() => s.stop());
    return s;
  }

  it('decodes signed, unsigned, 32-bit in both word orders and float registers with scale', async () => {
    const port = await freePort();
    const server = await startRawServer(port, WORDS);
    cleanup.push(() => stopRaw(server));
    const bus = await source(port, [map(1, 'bms')]);
    const readings = await waitFor(() => { const r = bus.read(); return Object.keys(r).length > 0 ? r : undefined; }, 5000, 'a reading');
    expect(readings).toEqual({
      'electrical.batteries.main.voltage': 652.3,
      'electrical.batteries.main.current': -20,
      'electrical.batteries.main.power': -50_000,
      'electrical.shore.power': 100_000,
      'electrical.loads.hotel.power': 100_000,
      'propulsion.main.revolutions': 12.5,
    });
  });

  it('reports a silent device and a misconfigured one while the healthy one is still read', async () => {
    const port = await freePort();
    const server = await startRawServer(port, WORDS);
    cleanup.push(() => stopRaw(server));
    const changes: DeviceStatusChange[] = [];
    const bus = await source(port, [map(7, 'drive'), map(9, 'mppt'), map(1, 'bms')], changes);
    await waitFor(() => changes.some((c) => c.device === 'drive' && c.state === 'silent') && changes.some((c) => c.device === 'mppt' && c.state === 'misconfigured'), 15_000, 'both faults reported');
    const readings: Readings[] = [];
    await waitFor(() => { readings.push(bus.read()); return readings.filter((r) => r['electrical.batteries.main.voltage' as never] === 652.3).length >= 3; }, 15_000, 'the bms read on');
    // Each fault is one event, not one per poll, and the silent device is retried (its failures keep counting).
    expect(changes.filter((c) => c.device === 'drive')).toHaveLength(1);
    expect(changes.find((c) => c.device === 'drive')!.retryAt).toBeGreaterThan(Date.now() - 20_000);
    expect(bus.status().find((s) => s.device === 'drive')!.failures).toBeGreaterThanOrEqual(2);
  });

  it('reports values outside the physical range as garbage and leaves them out', async () => {
    const port = await freePort();
    const garbage = [...WORDS];
    garbage[0] = 0xffff; // 6553.5 V: no battery of this vessel
    const server = await startRawServer(port, garbage);
    cleanup.push(() => stopRaw(server));
    const changes: DeviceStatusChange[] = [];
    const bus = await source(port, [map(1, 'bms')], changes);
    const readings = await waitFor(() => { const r = bus.read(); return Object.keys(r).length > 0 ? r : undefined; }, 5000, 'a reading');
    expect(readings['electrical.batteries.main.voltage' as never]).toBeUndefined();
    expect(readings['electrical.batteries.main.current' as never]).toBe(-20);
    expect(changes.map((c) => c.state)).toContain('garbage');
  });

  it('does not hand the same reading to two samples, and gives nothing once the bus is gone', async () => {
    const port = await freePort();
    const server = await startRawServer(port, WORDS);
    const bus = await source(port, [map(1, 'bms')]);
    await waitFor(() => Object.keys(bus.read()).length > 0, 5000, 'a reading');
    expect(bus.read()).toEqual({});
    await stopRaw(server);
    await new Promise((r) => setTimeout(r, 1500));
    bus.read();
    await new Promise((r) => setTimeout(r, 500));
    expect(bus.read()).toEqual({});
    expect(bus.status()[0]!.state).toBe('disconnected');
  });

  it('reads the simulator\'s devices by their published register map', async () => {
    const fregate = modbusRegisterMapSchema.parse(JSON.parse(readFileSync('simulators/devices/fregate-modbus-map.json', 'utf8')));
    const start = Date.UTC(2024, 5, 10, 4);
    const vessel = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 2, start });
    const truth = vessel.read(start + 2 * 3_600_000);
    const server = new ModbusDeviceServer({ map: fregate, readings: () => truth, port: await freePort() });
    await server.start();
    cleanup.push(() => server.stop());
    const bus = await source(server.port, fregate.devices);
    const paths = fregate.devices.flatMap((d) => d.registers.map((r) => r.path));
    const readings = await waitFor(() => { const r = bus.read(); return Object.keys(r).length === paths.length ? r : undefined; }, 5000, 'every register');
    for (const device of fregate.devices) {
      for (const register of device.registers) {
        expect(Math.abs(readings[register.path]! - truth[register.path]!), register.path).toBeLessThanOrEqual(Math.abs(register.scale) / 2 + 1e-6 * Math.abs(truth[register.path]!));
      }
    }
  });
});
