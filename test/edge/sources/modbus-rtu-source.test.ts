import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema } from '../../../shared/devices/modbus-register-map.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { ModbusSource } from '../../../edge/sources/modbus/modbus-source.ts';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';
import { ModbusRtuSlave } from '../../../simulators/devices/modbus-rtu-slave.ts';
import { openPtyPair, type PtyPair } from '../../../simulators/devices/pty-pair.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { waitFor } from '../../helpers/wait.ts';

const fregate = modbusRegisterMapSchema.parse(JSON.parse(readFileSync('simulators/devices/fregate-modbus-map.json', 'utf8')));
const START = Date.UTC(2024, 5, 10, 4);
const truth = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 2, start: START }).read(START + 2 * 3_600_000);
const bms = fregate.devices.find((d) => d.registers.some((r) => r.path === 'electrical.batteries.main.voltage'))!;
const others = fregate.devices.filter((d) => d !== bms);

/**
 * La Frégate's meters and BMS answering Modbus RTU on one end of a real pseudo-terminal pair, and the agent's
 * Modbus source reading the other end as it would read a USB RS-485 adapter.
 */
describe('the Modbus RTU source on a serial line', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  const silent = new Set<number>();
  let garbling = false;

  async function line(dir: string): Promise<{ pty: PtyPair; slave: ModbusRtuSlave }> {
    const pty = await openPtyPair(dir);
    const slave = new ModbusRtuSlave({ path: pty.deviceEnd, baudRate: 19200, parity: 'even', map: fregate, readings: () => truth, answers: (u) => !silent.has(u), garbles: () => garbling });
    await slave.start();
    return { pty, slave };
  }

  async function setUp() {
    silent.clear();
    garbling = false;
    const { dir, remove } = tempDir('sillage-rtu-');
    cleanup.push(remove);
    let current = await line(dir);
    const unplug = async () => { await current.slave.stop(); await current.pty.stop(); };
    cleanup.push(() => unplug());
    const changes: DeviceStatusChange[] = [];
    const config = sourceConfigSchema.parse({ kind: 'modbus', name: 'rs485', serial: { path: current.pty.agentEnd, baudRate: 19200, parity: 'even' }, map: fregate, pollMs: 200, timeoutMs: 300, retry: { minMs: 300, maxMs: 1000 } });
    if (config.kind !== 'modbus') throw new Error('not a modbus config');
    const bus = new ModbusSource({ ...config, onStatus: (c) => changes.push(c) });
    await bus.start();
    cleanup.push(() => bus.stop());
    const replug = async () => { current = await line(dir); };
    return { bus, changes, unplug, replug, slave: () => current.slave };
  }

  const paths = fregate.devices.flatMap((d) => d.registers.map((r) => r.path));
  const everyRegister = (bus: ModbusSource) => () => { const r = bus.read(); return Object.keys(r).length === paths.length ? r : undefined; };

  it('reads every register of every unit in SI units on the registry paths', async () => {
    const { bus } = await setUp();
    const readings = await waitFor(everyRegister(bus), 10_000, 'every register');
    for (const device of fregate.devices) {
      for (const register of device.registers) {
        expect(Math.abs(readings[register.path]! - truth[register.path]!), register.path).toBeLessThanOrEqual(Math.abs(register.scale) / 2 + 1e-6 * Math.abs(truth[register.path]!));
      }
    }
    expect(bus.status().map((s) => s.state)).toEqual(bus.status().map(() => 'ok'));
  });

  it('reports a unit that stops answering as silent while the other units are still read', async () => {
    const { bus, changes } = await setUp();
    await waitFor(everyRegister(bus), 10_000, 'every register');
    silent.add(bms.unitId);
    await waitFor(() => changes.some((c) => c.device === bms.name && c.state === 'silent'), 10_000, 'the BMS reported silent');
    bus.read();
    const otherPaths = others.flatMap((d) => d.registers.map((r) => r.path));
    const later = await waitFor(() => { const r = bus.read(); return otherPaths.every((p) => r[p] !== undefined) ? r : undefined; }, 10_000, 'the other units read on');
    expect(later['electrical.batteries.main.voltage' as never]).toBeUndefined();
    expect(bus.status().find((s) => s.device === bms.name)!.state).toBe('silent');
    silent.clear();
    await waitFor(() => bus.status().find((s) => s.device === bms.name)!.state === 'ok', 10_000, 'the BMS back');
  });

  it('counts garbled answers (noise and CRC errors), drops them and reads on once the line is clean', async () => {
    const { bus, changes, slave } = await setUp();
    await waitFor(everyRegister(bus), 10_000, 'every register');
    garbling = true;
    await waitFor(() => bus.corruptFrames >= 2 * fregate.devices.length, 10_000, 'garbled answers counted');
    expect(slave().line.garbled).toBeGreaterThanOrEqual(bus.corruptFrames);
    expect(changes.filter((c) => c.state === 'garbage').map((c) => c.device).sort()).toEqual(fregate.devices.map((d) => d.name).sort());
    expect(bus.status().find((s) => s.device === bms.name)!.detail).toMatch(/CRC error/);
    bus.read();
    await new Promise((r) => setTimeout(r, 600));
    expect(bus.read()).toEqual({});
    garbling = false;
    const readings = await waitFor(everyRegister(bus), 10_000, 'every register again');
    expect(readings['electrical.batteries.main.voltage' as never]).toBeCloseTo(truth['electrical.batteries.main.voltage' as never]!, 1);
  });

  it('reports the line gone when the serial device disappears, and reopens it when it comes back', async () => {
    const { bus, changes, unplug, replug } = await setUp();
    await waitFor(everyRegister(bus), 10_000, 'every register');
    await unplug();
    await waitFor(() => bus.status()[0]!.state === 'disconnected', 10_000, 'the line reported disconnected');
    await new Promise((r) => setTimeout(r, 800));
    expect(bus.status()[0]!.failures).toBeGreaterThanOrEqual(2);
    await replug();
    const readings = await waitFor(everyRegister(bus), 15_000, 'every register after the line came back');
    expect(readings['electrical.batteries.main.voltage' as never]).toBeCloseTo(truth['electrical.batteries.main.voltage' as never]!, 1);
    const line = changes.filter((c) => c.device === bus.status()[0]!.device).map((c) => c.state);
    expect(line).toEqual(['ok', 'disconnected', 'ok']);
  });
});

it('refuses a modbus source that names both a host and a serial line, or neither', () => {
  const base = { kind: 'modbus', name: 'm', map: fregate };
  expect(sourceConfigSchema.safeParse({ ...base, host: 'gw', serial: { path: '/dev/ttyUSB0' } }).success).toBe(false);
  expect(sourceConfigSchema.safeParse(base).success).toBe(false);
  const parsed = sourceConfigSchema.parse({ ...base, serial: { path: '/dev/ttyUSB0' } });
  expect(parsed.kind === 'modbus' && parsed.serial).toEqual({ path: '/dev/ttyUSB0', baudRate: 9600, parity: 'none', dataBits: 8, stopBits: 1 });
});

