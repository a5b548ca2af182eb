import ModbusSerial from 'modbus-serial';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { openSources, type DeviceSource } from '../../../edge/sources/open-sources.ts';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';
import { victronRegisterMap, type VictronModbusDevice, type VictronService } from '../../../shared/devices/victron-gx.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import type { Readings } from '../../../shared/source.ts';
import { SimulatedVictronGx } from '../../../simulators/devices/simulated-victron-gx.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

/** A GX with a BMV-style battery monitor, a Multi, an MPPT, and the system service on unit 100. */
const DEVICES: VictronModbusDevice[] = [
  { service: 'system', unitId: 100, ids: { batteries: 'house', solar: 'all', loads: 'ac', generators: 'gen1' } },
  { service: 'battery', unitId: 225, ids: { batteries: 'main' } },
  { service: 'vebus', unitId: 227, ids: { loads: 'hotel' } },
  { service: 'solarcharger', unitId: 226, ids: { solar: 'roof' } },
];

/** What the vessel shows, in SI, each value exactly representable in its GX register. */
const VALUES = {
  'electrical.batteries.house.voltage': 358.4,
  'electrical.batteries.house.current': -120.5,
  'electrical.batteries.house.power': -4321,
  'electrical.batteries.house.capacity.stateOfCharge': 0.87,
  'electrical.batteries.house.capacity.timeRemaining': 7200,
  'electrical.solar.all.panelPower': 1234,
  'electrical.loads.ac.power': 2480,
  'electrical.generators.gen1.power': 0,
  'electrical.batteries.main.voltage': 358.42,
  'electrical.batteries.main.current': -120.5,
  'electrical.batteries.main.temperature': 298.15,
  'electrical.batteries.main.capacity.stateOfCharge': 0.873,
  'electrical.batteries.main.capacity.timeRemaining': 7200,
  'electrical.shore.power': 2300,
  'electrical.loads.hotel.power': 4560,
  'electrical.solar.roof.panelPower': 812.3,
} as unknown as Readings;

describe('the Victron GX source over Modbus TCP', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function gx(port: number, readings: () => Readings, silent = new Set<VictronService>()) {
    const server = new SimulatedVictronGx({ readings, portalId: 'c0619ab1c2d3', modbus: { port, devices: DEVICES }, answers: (s) => !silent.has(s) });
    await server.start();
    return server;
  }

  async function edge(port: number, devices: readonly VictronModbusDevice[], changes: DeviceStatusChange[] = []): Promise<DeviceSource> {
    const config = sourceConfigSchema.parse({ kind: 'victron-modbus', name: 'gx', host: '127.0.0.1', port, devices, pollMs: 200, timeoutMs: 300, retry: { minMs: 300, maxMs: 1000 } });
    const [source] = openSources([config], (c) => changes.push(c));
    await source!.start();
    cleanup.push(() => source!.stop());
    return source!;
  }

  it('serves the values in the units and scales of Victron\'s published register list', async () => {
    const port = await freePort();
    const server = await gx(port, () => VALUES);
    cleanup.push(() => server.stop());
    const client = new (ModbusSerial as unknown as new () => InstanceType<typeof ModbusSerial.default>)();
    await client.connectTCP('127.0.0.1', { port });
    cleanup.push(() => new Promise<void>((resolve) => client.close(() => resolve())));
    const read = async (unit: number, address: number) => {
      client.setID(unit);
      return (await client.readHoldingRegisters(address, 1)).data[0];
    };
    expect(await read(225, 259)).toBe(35842); // /Dc/0/Voltage, V × 100
    expect(await read(225, 261)).toBe(-1205 & 0xffff); // /Dc/0/Current, int16 A × 10
    expect(await read(225, 262)).toBe(250); // /Dc/0/Temperature, °C × 10
    expect(await read(225, 266)).toBe(873); // /Soc, % × 10
    expect(await read(225, 303)).toBe(72); // /TimeToGo, s × 0.01
    expect(await read(100, 843)).toBe(87); // /Dc/Battery/Soc, %
    expect(await read(100, 842)).toBe(-4321 & 0xffff); // /Dc/Battery/Power, int16 W
    expect(await read(227, 12)).toBe(230); // /Ac/ActiveIn/L1/P, W × 0.1
    expect(await read(226, 789)).toBe(8123); // /Yield/Power, W × 10
  });

  it('puts every value of every device on its registry path in SI', async () => {
    const port = await freePort();
    const server = await gx(port, () => VALUES);
    cleanup.push(() => server.stop());
    const source = await edge(port, DEVICES);
    const readings = await waitFor(() => { const r = source.read(Date.now()); return Object.keys(r).length === Object.keys(VALUES).length ? r : undefined; }, 10_000, 'every value');
    expect(readings).toEqual(VALUES);
  });

  it('reads the simulated trawler\'s state through the GX within each register\'s resolution', async () => {
    const start = Date.UTC(2024, 5, 10, 4);
    const vessel = new SimulatedVesselSource({ profile: resolveVesselProfile('coastal-12m'), metier: 'SDN', seed: 2, start });
    const truth = vessel.read(start + 3 * 3_600_000);
    const devices: VictronModbusDevice[] = [
      { service: 'system', unitId: 100, ids: { generators: 'gen1', loads: 'hotel' } },
      { service: 'battery', unitId: 225, ids: { batteries: 'main' } },
      { service: 'vebus', unitId: 227, ids: {} },
      { service: 'solarcharger', unitId: 226, ids: { solar: 'main' } },
    ];
    const port = await freePort();
    const server = new SimulatedVictronGx({ readings: () => truth, portalId: 'c0619ab1c2d3', modbus: { port, devices } });
    await server.start();
    cleanup.push(() => server.stop());
    const source = await edge(port, devices);
    const registers = victronRegisterMap(devices).devices.flatMap((d) => d.registers);
    const readings = await waitFor(() => { const r = source.read(Date.now()); return Object.keys(r).length === registers.length ? r : undefined; }, 10_000, 'every register');
    for (const register of registers) {
      expect(Math.abs(readings[register.path]! - truth[register.path]!), register.path).toBeLessThanOrEqual(register.scale / 2 + 1e-9);
    }
  });

  it('reports a device that goes silent while the others are still read', async () => {
    const port = await freePort();
    const silent = new Set<VictronService>();
    const server = await gx(port, () => VALUES, silent);
    cleanup.push(() => server.stop());
    const changes: DeviceStatusChange[] = [];
    const source = await edge(port, DEVICES, changes);
    await waitFor(() => source.read(Date.now())['electrical.shore.power' as never] === 2300, 10_000, 'the Multi read');
    silent.add('vebus');
    await waitFor(() => changes.some((c) => c.device === 'vebus@unit227' && c.state === 'silent'), 10_000, 'the Multi reported silent');
    source.read(Date.now());
    const after = await waitFor(() => { const r = source.read(Date.now()); return r['electrical.batteries.main.voltage' as never] !== undefined ? r : undefined; }, 10_000, 'the battery read on');
    expect(after['electrical.shore.power' as never]).toBeUndefined();
    expect(source.status().find((s) => s.device === 'battery@unit225')!.state).toBe('ok');
  });

  it('rejects impossible values and a unit that answers with exception codes, and reads on', async () => {
    const port = await freePort();
    // The battery monitor claims 150 % state of charge; the edge asks unit 226 (the MPPT) for battery registers.
    const server = await gx(port, () => ({ ...VALUES, 'electrical.batteries.main.capacity.stateOfCharge': 1.5 }) as Readings);
    cleanup.push(() => server.stop());
    const changes: DeviceStatusChange[] = [];
    const source = await edge(port, [DEVICES[1]!, { service: 'battery', unitId: 226, ids: { batteries: 'other' } }, DEVICES[2]!], changes);
    await waitFor(() => changes.some((c) => c.device === 'battery@unit225' && c.state === 'garbage') && changes.some((c) => c.device === 'battery@unit226' && c.state === 'misconfigured'), 10_000, 'both faults reported');
    const readings = await waitFor(() => { const r = source.read(Date.now()); return r['electrical.batteries.main.voltage' as never] !== undefined && r['electrical.shore.power' as never] !== undefined ? r : undefined; }, 10_000, 'the good values');
    expect(readings['electrical.batteries.main.capacity.stateOfCharge' as never]).toBeUndefined();
    expect(Object.keys(readings).some((p) => p.includes('.other.'))).toBe(false);
    expect(source.status().find((s) => s.device === 'battery@unit225')!.failures).toBeGreaterThanOrEqual(1);
  });

  it('resumes reading once a GX that went away is back', async () => {
    const port = await freePort();
    const first = await gx(port, () => VALUES);
    const source = await edge(port, DEVICES);
    await waitFor(() => Object.keys(source.read(Date.now())).length > 0, 10_000, 'a first reading');
    await first.stop();
    await waitFor(() => source.status()[0]!.state === 'disconnected', 10_000, 'the GX missed');
    source.read(Date.now());
    await new Promise((r) => setTimeout(r, 1000));
    expect(source.read(Date.now())).toEqual({});
    const second = await gx(port, () => VALUES);
    cleanup.push(() => second.stop());
    const readings = await waitFor(() => { const r = source.read(Date.now()); return r['electrical.batteries.main.voltage' as never] !== undefined ? r : undefined; }, 15_000, 'readings again');
    expect(readings['electrical.batteries.main.voltage' as never]).toBe(358.42);
    expect(source.status()[0]!.state).toBe('ok');
  });
});
