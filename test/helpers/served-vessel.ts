import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modbusRegisterMapSchema } from '../../shared/devices/modbus-register-map.ts';
import { resolveVesselProfile } from '../../shared/profile/load-profile.ts';
import { CatchUpClock } from '../../shared/time/clock.ts';
import { SimulatedDevices } from '../../simulators/devices/simulated-devices.ts';
import { FaultInjector } from '../../simulators/faults/faults.ts';
import { SimulatedVesselSource } from '../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from './ports.ts';

/** The register map the simulator serves La Frégate's devices with: the file an edge config names. */
export const FREGATE_MAP = join(import.meta.dirname, '..', '..', 'simulators', 'devices', 'fregate-modbus-map.json');

export interface ServedVessel {
  readonly modbusPort: number;
  /** Where the simulated GNSS sends its NMEA 0183 datagrams (127.0.0.1): where an edge's receiver listens. */
  readonly nmeaPort: number;
  /** Where its NMEA 0183 multiplexer serves the same sentences over TCP (127.0.0.1). */
  readonly nmeaTcpPort: number;
  stop(): Promise<void>;
}

/**
 * La Frégate (OTB, seed 2) as an edge meets it at sea, live in real time: its Modbus TCP devices on a free
 * loopback port, its instruments sending NMEA 0183 over UDP to another and serving it over TCP on a third,
 * without faults.
 */
export async function serveVessel(): Promise<ServedVessel> {
  const start = Math.floor(Date.now() / 1000) * 1000;
  const modbusPort = await freePort();
  const nmeaPort = await freePort();
  const devices = new SimulatedDevices({
    vessel: new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 2, start }),
    clock: new CatchUpClock(start, 1),
    map: modbusRegisterMapSchema.parse(JSON.parse(readFileSync(FREGATE_MAP, 'utf8'))),
    faults: new FaultInjector([]),
    modbus: { host: '127.0.0.1', port: modbusPort },
    nmea: { host: '127.0.0.1', port: nmeaPort },
    nmeaTcp: { host: '127.0.0.1', port: 0 },
  });
  await devices.start();
  return { modbusPort, nmeaPort, nmeaTcpPort: devices.nmeaTcp!.port, stop: () => devices.stop() };
}
