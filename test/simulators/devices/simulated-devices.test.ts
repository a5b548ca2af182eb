import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ModbusSerial from 'modbus-serial';
import { describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema } from '../../../shared/devices/modbus-register-map.ts';
import { CatchUpClock } from '../../../shared/time/clock.ts';
import { SimulatedDevices } from '../../../simulators/devices/simulated-devices.ts';
import { nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';
import { FaultInjector, faultPlanSchema } from '../../../simulators/faults/faults.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

type ModbusRTU = InstanceType<typeof ModbusSerial.default>;
const ModbusClient = ModbusSerial as unknown as new () => ModbusRTU;
const map = modbusRegisterMapSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../simulators/devices/fregate-modbus-map.json'), 'utf8')));

/**
 * La Frégate (OTB, seed 4) `hoursBack` hours back, catching up to now at `speedup`, served as Modbus TCP and NMEA
 * over UDP on free ports, with a Modbus client and the NMEA sentences received; `stop` releases all three.
 */
async function servedVessel(speedup: number, faultsFrom: (start: number) => FaultInjector, hoursBack = 6) {
  const start = Math.floor((Date.now() - hoursBack * 3_600_000) / 1000) * 1000;
  const rx = createSocket('udp4');
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
  const sentences: string[] = [];
  rx.on('message', (m) => sentences.push(m.toString()));
  const devices = new SimulatedDevices({
    vessel: new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 4, start }),
    clock: new CatchUpClock(start, speedup),
    map,
    faults: faultsFrom(start),
    modbus: { port: await freePort() },
    nmea: { host: '127.0.0.1', port: rx.address().port },
  });
  await devices.start();
  const client = new ModbusClient();
  const connect = async () => {
    await client.connectTCP('127.0.0.1', { port: devices.modbus.port });
    client.setTimeout(5000);
    client.setID(1);
  };
  const stop = async () => {
    client.close(() => {});
    await devices.stop();
    rx.close();
  };
  return { start, devices, sentences, client, connect, stop };
}

describe('a simulated vessel served as devices', () => {
  it('advances with its clock: Modbus registers follow the physics and GNSS sentences arrive over UDP', async () => {
    // Two days to catch up on, so that whatever the time of day the pack charges or discharges on the way.
    const { devices, sentences, client, connect, stop } = await servedVessel(3600, () => new FaultInjector([]), 48);
    try {
      await connect();
      const soc = async () => (await client.readInputRegisters(0, 1)).data[0]!;
      const first = await soc();
      const t0 = devices.time;
      // The pack can sit full or held for hours: wait for the physics to move it, as it must within two days.
      await waitFor(async () => (await soc()) !== first, 60_000, 'the state of charge to move');
      expect(devices.time).toBeGreaterThan(t0);
      await waitFor(() => sentences.some((s) => s.startsWith('$GPRMC')), 20_000, 'an RMC sentence');
    } finally {
      await stop();
    }
  });

  it('puts its faults on the wire: corrupted NMEA frames fail their checksum, a link outage silences Modbus', async () => {
    // 120×: the outage begins ten wall seconds in, after the first read; both faults outlast the test.
    const { start, devices, sentences, client, connect, stop } = await servedVessel(120, (start) => new FaultInjector(faultPlanSchema.parse([
      { kind: 'corrupt-frame', start, end: start + 4 * 3_600_000 },
      { kind: 'link-outage', start: start + 1_200_000, end: start + 4 * 3_600_000 },
    ])));
    try {
      await waitFor(() => sentences.length >= 3, 20_000, 'NMEA sentences');
      for (const sentence of sentences) {
        const m = /^\$(.*)\*([0-9A-F]{2})\r\n$/.exec(sentence)!;
        expect(nmeaChecksum(m[1]!)).not.toBe(m[2]);
      }
      await connect();
      await client.readInputRegisters(0, 1);
      await waitFor(() => devices.time >= start + 1_200_000, 120_000, 'the link outage');
      await expect(client.readInputRegisters(0, 1)).rejects.toMatchObject({ name: 'TransactionTimedOutError' });
      expect(devices.modbus.counters.unanswered).toBeGreaterThan(0);
    } finally {
      await stop();
    }
  });
});
