import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema, registerStep, type ModbusRegisterMap } from '../../../shared/devices/modbus-register-map.ts';
import { REFERENCE_INSTRUMENTS } from '../../../shared/devices/reference-instruments.ts';
import { VICTRON_SERVICES, victronModbusDeviceSchema, victronRegisterMap } from '../../../shared/devices/victron-gx.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { decodeCompactBatch, encodeCompactBatch } from '../../../shared/wire/compact-telemetry.ts';
import { precisionLoss } from '../../../shared/wire/quantise.ts';
import type { TelemetrySample } from '../../../shared/wire/telemetry.ts';
import { decodeRegister } from '../../../edge/sources/modbus/register-decoding.ts';
import { encodeRegister } from '../../../simulators/devices/register-encoding.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** Every JSON file of the repository that is a Modbus register map, wherever it lives (examples, simulators…). */
function registerMaps(dir = ROOT): { file: string; map: ModbusRegisterMap }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['node_modules', '.git', 'dist', 'data'].includes(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return registerMaps(path);
    if (!e.name.endsWith('.json')) return [];
    const parsed = modbusRegisterMapSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? [{ file: path.slice(ROOT.length + 1), map: parsed.data }] : [];
  });
}

/** A Victron GX's registers for every service it serves, each kind of equipment given an id. */
const victronGx = victronRegisterMap(VICTRON_SERVICES.map((service, i) => victronModbusDeviceSchema.parse({
  service, unitId: 100 + i, ids: { batteries: 'main', solar: 'main', loads: 'hotel', generators: 'gen1' },
})));

describe("the registry's resolutions against the instruments' precision", () => {
  const maps = [...registerMaps(), { file: 'Victron GX (shared/devices/victron-gx.ts)', map: victronGx }];

  it('finds the register maps it checks', () => {
    expect(maps.map((m) => m.file)).toContain('simulators/devices/fregate-modbus-map.json');
    expect(victronGx.devices.flatMap((d) => d.registers).length).toBeGreaterThanOrEqual(16);
  });

  it('has every float register of a map state its instrument step', () => {
    const unstated = maps.flatMap(({ file, map }) => map.devices.flatMap((d) => d.registers
      .filter((r) => registerStep(r) === undefined).map((r) => `${file}: ${d.name} ${r.path}`)));
    expect(unstated).toEqual([]);
  });

  it('is no coarser than any register of any map', () => {
    const losses = maps.flatMap(({ file, map }) => map.devices.flatMap((d) => d.registers
      .map((r) => precisionLoss(r.path, registerStep(r)!, r.offset)).filter((l) => l !== null).map((l) => `${file}: ${l}`)));
    expect(losses).toEqual([]);
  });

  it('is no coarser than the finest NMEA 0183 talkers and float devices read', () => {
    const losses = REFERENCE_INSTRUMENTS.map((i) => precisionLoss(i.path, i.step, i.offset)).filter((l) => l !== null);
    expect(losses).toEqual([]);
  });

  it('names a resolution that would blur an instrument', () => {
    expect(precisionLoss('electrical.batteries.main.voltage', 0.001)).toMatch(/would blur an instrument stepping by 0.001 V/);
    expect(precisionLoss('electrical.batteries.main.temperature', 0.1, 273.15)).toBeNull();
    expect(precisionLoss('navigation.position.latitude', 1e-5 / 60)).toBeNull();
  });
});

describe('a simulated vessel read through its Modbus devices and sent compact', () => {
  it('arrives ashore with every reading the devices showed, to within a quarter of their step', () => {
    const map = registerMaps().find((m) => m.file === 'simulators/devices/fregate-modbus-map.json')!.map;
    const start = Date.UTC(2025, 5, 1, 4);
    const source = new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 5, start });
    const registers = map.devices.flatMap((d) => d.registers);
    const samples: TelemetrySample[] = [];
    // Two hours from the quay: casting off, steaming and the first tow, each register as the edge decodes it.
    for (let t = start + 1000; t <= start + 2 * 3_600_000; t += 1000) {
      const readings = source.read(t) as Record<string, number>;
      const v: Record<string, number> = {};
      for (const r of registers) if (readings[r.path] !== undefined) v[r.path] = decodeRegister(r, encodeRegister(r, readings[r.path]!));
      samples.push({ t, v: v as TelemetrySample['v'] });
    }
    let compared = 0;
    const misses: string[] = [];
    for (let i = 0; i < samples.length; i += 60) {
      const batch = { seq: i + 1, samples: samples.slice(i, i + 60) };
      const ashore = decodeCompactBatch(encodeCompactBatch(batch)!);
      batch.samples.forEach((s, k) => {
        for (const r of registers) {
          const shown = s.v[r.path as SignalPath];
          if (shown === undefined) continue;
          const step = registerStep(r)!;
          const got = ashore.samples[k]!.v[r.path as SignalPath]!;
          if (Math.abs(got - shown) > step / 4 + 1e-7 * Math.abs(shown)) misses.push(`${r.path}: ${shown} → ${got}`);
          compared++;
        }
      });
    }
    expect(misses.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(7200 * 20);
  });
});
