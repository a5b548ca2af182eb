import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ModbusSerial from 'modbus-serial';
import { describe, expect, it } from 'vitest';
import { modbusRegisterMapSchema } from '../../../shared/devices/modbus-register-map.ts';
import { resolveVesselProfile } from '../../../shared/profile/load-profile.ts';
import { CatchUpClock } from '../../../shared/time/clock.ts';
import { crc16, rtuFrame, takeRequests } from '../../../simulators/devices/modbus-rtu-frame.ts';
import { openPtyPair } from '../../../simulators/devices/pty-pair.ts';
import { SimulatedDevices } from '../../../simulators/devices/simulated-devices.ts';
import { FaultInjector } from '../../../simulators/faults/faults.ts';
import { SimulatedVesselSource } from '../../../simulators/vessel/simulated-vessel-source.ts';
import { freePort } from '../../helpers/ports.ts';
import { tempDir } from '../../helpers/tmp.ts';

type ModbusRTU = InstanceType<typeof ModbusSerial.default>;
const ModbusClient = ModbusSerial as unknown as new () => ModbusRTU;
const map = modbusRegisterMapSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, '../../../simulators/devices/fregate-modbus-map.json'), 'utf8')));

describe('Modbus RTU frames', () => {
  it('carry the CRC-16/MODBUS of the specification\'s example, low byte first', () => {
    // Read 10 holding registers from 0 of unit 1: 01 03 00 00 00 0A C5 CD.
    expect(crc16(Buffer.from([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a]))).toBe(0xcdc5);
    expect(rtuFrame(1, Buffer.from([0x03, 0x00, 0x00, 0x00, 0x0a])).toString('hex')).toBe('01030000000ac5cd');
  });

  it('are found again after line noise, and a request cut short waits for its end', () => {
    const request = rtuFrame(2, Buffer.from([0x04, 0x00, 0x10, 0x00, 0x03]));
    const { requests, skipped, rest } = takeRequests(Buffer.concat([Buffer.from([0xff, 0x00, 0x13]), request, request.subarray(0, 5)]));
    expect(requests).toEqual([{ unitId: 2, functionCode: 4, address: 0x10, quantity: 3 }]);
    expect(skipped).toBe(3);
    expect(takeRequests(Buffer.concat([rest, request.subarray(5)])).requests).toEqual(requests);
  });
});

/** La Frégate an hour back, served on Modbus TCP and on a pseudo-terminal pair, with a client on each. */
async function servedOnBoth(faults: FaultInjector) {
  const { dir, remove } = tempDir('sillage-rtu-sim-');
  const pty = await openPtyPair(dir);
  const start = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
  const devices = new SimulatedDevices({
    vessel: new SimulatedVesselSource({ profile: resolveVesselProfile('la-fregate'), metier: 'OTB', seed: 4, start }),
    clock: new CatchUpClock(start, 1),
    map,
    faults,
    modbus: { port: await freePort() },
    rtu: { path: pty.deviceEnd },
  });
  await devices.start();
  const tcp = new ModbusClient();
  const rtu = new ModbusClient();
  await tcp.connectTCP('127.0.0.1', { port: devices.modbus.port });
  await rtu.connectRTUBuffered(pty.agentEnd, { baudRate: 9600 });
  for (const client of [tcp, rtu]) {
    client.setTimeout(1000);
    client.setID(1);
  }
  const stop = async () => {
    rtu.close(() => {});
    tcp.close(() => {});
    await devices.stop();
    await pty.stop();
    remove();
  };
  return { devices, tcp, rtu, stop };
}

describe('the simulated devices on a serial line', () => {
  it('answer Modbus RTU on a pseudo-terminal with the registers the TCP devices serve', async () => {
    const { devices, tcp, rtu, stop } = await servedOnBoth(new FaultInjector([]));
    try {
      // The physics moves on each second: a read pair that straddles a tick is asked again.
      let pair: number[][] = [];
      for (let i = 0; i < 3; i++) {
        pair = [(await tcp.readInputRegisters(0, 3)).data, (await rtu.readInputRegisters(0, 3)).data];
        if (pair[0]!.join() === pair[1]!.join()) break;
      }
      expect(pair[1]).toEqual(pair[0]);
      await expect(rtu.writeRegister(0, 1)).rejects.toMatchObject({ modbusCode: 1 });
      expect(devices.rtu!.counters.exceptions).toBe(1);
    } finally {
      await stop();
    }
  });

  it('put their faults on the line: a corrupt-frame fault fails the CRC, a silent unit does not answer', async () => {
    const now = Date.now();
    const faults = new FaultInjector([
      { kind: 'corrupt-frame', start: now - 7_200_000, end: now },
      { kind: 'silent-device', unitId: 2, start: now - 7_200_000, end: now },
    ]);
    const { devices, rtu, stop } = await servedOnBoth(faults);
    try {
      await expect(rtu.readInputRegisters(0, 3)).rejects.toThrow(/CRC error/);
      rtu.setID(2);
      await expect(rtu.readInputRegisters(0, 1)).rejects.toThrow(/timed out/i);
      expect(devices.rtu!.line.garbled).toBe(1);
      expect(devices.rtu!.counters.unanswered).toBe(1);
    } finally {
      await stop();
    }
  });
});
