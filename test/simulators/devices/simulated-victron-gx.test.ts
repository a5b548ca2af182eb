import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { openSources, type DeviceSource } from '../../../edge/sources/open-sources.ts';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';
import { victronSignals } from '../../../shared/devices/victron-gx.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { checkValue } from '../../../shared/registry/index.ts';
import type { Readings } from '../../../shared/source.ts';
import { CatchUpClock } from '../../../shared/time/clock.ts';
import { SimulatedDevices } from '../../../simulators/devices/simulated-devices.ts';
import { victronLayoutFor } from '../../../simulators/devices/simulated-victron-gx.ts';
import { FaultInjector, faultPlanSchema, type Fault } from '../../../simulators/faults/faults.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

const profile = resolveVesselProfile('coastal-12m');
const layout = victronLayoutFor(profile.equipment);
const gxPaths = [...new Set(layout.mqtt.flatMap((d) => victronSignals(d).map((s) => s.path)))].sort();

describe('the simulated vessel\'s Victron GX', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  /** Coastal 12 m on its own clock, its GX on both transports, and an edge source of each kind reading it. */
  async function servedGx(faults: (start: number) => Fault[]) {
    const start = Math.floor(Date.now() / 1000) * 1000 - 1000;
    const devices = new SimulatedDevices({
      vessel: new SimulatedVesselSource({ profile, metier: 'SDN', seed: 5, start }),
      clock: new CatchUpClock(start, 1),
      map: { devices: [] },
      faults: new FaultInjector(faultPlanSchema.parse(faults(start))),
      modbus: { port: await freePort() },
      victron: {
        portalId: 'karoline',
        modbus: { port: await freePort(), devices: layout.modbus },
        mqtt: { port: await freePort(), devices: layout.mqtt, publishMs: 250 },
      },
    });
    await devices.start();
    cleanup.push(() => devices.stop());
    const changes: DeviceStatusChange[] = [];
    const retry = { minMs: 300, maxMs: 1000 };
    const sources = openSources([
      sourceConfigSchema.parse({ kind: 'victron-modbus', name: 'gx-modbus', host: '127.0.0.1', port: devices.victron!.modbus!.port, devices: layout.modbus, pollMs: 250, timeoutMs: 300, retry }),
      sourceConfigSchema.parse({ kind: 'victron-mqtt', name: 'gx-mqtt', url: devices.victron!.mqttUrl!, portalId: 'karoline', devices: layout.mqtt, keepaliveMs: 5000, maxAgeMs: 1500, retry }),
    ], (c) => changes.push(c));
    for (const source of sources) {
      await source.start();
      cleanup.push(() => source.stop());
    }
    return { sources: sources as [DeviceSource, DeviceSource], changes };
  }

  const allOf = (source: DeviceSource) => async () => {
    const r: Readings = await source.read(Date.now());
    return Object.keys(r).length === gxPaths.length ? r : undefined;
  };

  it('serves the trawler\'s battery, Multi, MPPT and generator on both transports, inside their physical ranges', async () => {
    const { sources: [modbus, mqtt] } = await servedGx(() => []);
    for (const source of [modbus, mqtt]) {
      const readings = await waitFor(allOf(source), 15_000, `every GX value from ${source.name}`);
      expect(Object.keys(readings).sort(), source.name).toEqual(gxPaths);
      for (const [path, value] of Object.entries(readings)) expect(checkValue(path, value!), `${source.name} ${path}=${value}`).toBe('ok');
    }
  });

  it('goes quiet on both transports during a link outage of the fault plan', async () => {
    const { sources: [modbus, mqtt], changes } = await servedGx((start) => [{ kind: 'link-outage', start, end: start + 3_600_000 }]);
    await waitFor(() => layout.modbus.every((d) => changes.some((c) => c.source === 'gx-modbus' && c.device === `${d.service}@unit${d.unitId}` && c.state === 'silent')), 15_000, 'every Modbus device silent');
    await waitFor(() => layout.mqtt.every((d) => changes.some((c) => c.source === 'gx-mqtt' && c.device === `${d.service}/${d.instance}` && c.state === 'silent')), 15_000, 'every MQTT device silent');
    expect(await modbus.read(Date.now())).toEqual({});
    expect(await mqtt.read(Date.now())).toEqual({});
  });
});
