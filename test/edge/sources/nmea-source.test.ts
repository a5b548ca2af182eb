import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { NmeaSource, type NmeaSourceOptions } from '../../../edge/sources/nmea0183/nmea-source.ts';
import { nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';
import { NmeaTcpServer } from '../../../simulators/devices/nmea-tcp-server.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

const RMC = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
const signed = (body: string) => `$${body}*${nmeaChecksum(body)}\r\n`;
const EVERY_KIND: Record<string, string> = {
  'navigation.position.latitude': signed('GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,'),
  'navigation.speedOverGround': signed('GPVTG,054.7,T,034.4,M,005.5,N,010.19,K,A'),
  'environment.depth.belowTransducer': signed('SDDBT,40.4,f,12.3,M,6.7,F'),
  'environment.depth.belowSurface': signed('SDDPT,12.3,0.5,'),
  'environment.wind.angleApparent': signed('WIMWV,315.0,R,12.5,N,A'),
  'environment.wind.directionTrue': signed('WIMWD,270.0,T,268.0,M,20.0,N,10.3,M'),
  'navigation.headingMagnetic': signed('HCHDM,090.0,M'),
  'navigation.headingTrue': signed('HEHDT,180.0,T'),
  'propulsion.main.revolutions': signed('ERRPM,S,1,300.0,,A'),
  'environment.outside.pressure': signed('IIXDR,P,1.0132,B,Barometer'),
};

describe('the NMEA 0183 source', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function source(options: Partial<NmeaSourceOptions> & Pick<NmeaSourceOptions, 'transport' | 'port'>, changes: DeviceStatusChange[] = []) {
    const s = new NmeaSource({
      name: 'instruments', host: '127.0.0.1', maxAgeMs: 3000, maxLineLength: 200, retry: { minMs: 50, maxMs: 200 },
      rename: { 'propulsion.shaft_1': 'propulsion.main' }, onStatus: (c) => changes.push(c), ...options,
    });
    await s.start();
    stops.push(() => s.stop());
    return s;
  }

  async function udp(changes: DeviceStatusChange[] = [], maxAgeMs = 3000) {
    const s = await source({ transport: 'udp', port: await freePort(), maxAgeMs }, changes);
    const sender = createSocket('udp4');
    stops.push(() => new Promise((resolve) => sender.close(() => resolve())));
    const send = (text: string | Buffer) => new Promise<void>((resolve) => sender.send(text, s.port, '127.0.0.1', () => resolve()));
    return { source: s, send };
  }

  async function tcp(changes: DeviceStatusChange[] = [], maxAgeMs = 3000) {
    const server = new NmeaTcpServer({ host: '127.0.0.1', port: 0 });
    await server.start();
    stops.push(() => server.stop());
    const s = await source({ transport: 'tcp', port: server.port, maxAgeMs }, changes);
    await waitFor(() => server.connections === 1, 5000, 'the source to connect');
    return { source: s, server };
  }

  it('over UDP, takes valid sentences from real datagrams and counts the rest by reason', async () => {
    const { source: s, send } = await udp();
    await send(`${RMC}\r\n${RMC.replace('*6A', '*00')}\r\n`);
    await send(Buffer.from([0x00, 0xff, 0x13, 0x37]));
    await send(signed('GPXYZ,1,2'));
    await waitFor(() => s.rejected['bad-checksum'] === 1 && s.rejected['no-checksum'] === 1 && s.rejected.unsupported === 1 && s.accepted === 1, 3000, 'the datagrams');
    expect(s.read()['navigation.speedOverGround' as never]).toBeCloseTo(22.4 * 1852 / 3600, 5);
    expect(s.read()).toEqual({});
  });

  it('over UDP, puts each kind of sentence on its registry path', async () => {
    const { source: s, send } = await udp();
    for (const line of Object.values(EVERY_KIND)) await send(line);
    await waitFor(() => s.accepted === Object.keys(EVERY_KIND).length, 3000, 'every sentence');
    expect(Object.keys(s.read())).toEqual(expect.arrayContaining(Object.keys(EVERY_KIND)));
  });

  it('over TCP, puts each kind of sentence on its registry path, in SI', async () => {
    const { source: s, server } = await tcp();
    server.emit(Object.values(EVERY_KIND));
    await waitFor(() => s.accepted === Object.keys(EVERY_KIND).length, 3000, 'every sentence');
    const r = s.read() as Record<string, number>;
    expect(Object.keys(r)).toEqual(expect.arrayContaining(Object.keys(EVERY_KIND)));
    expect(r['environment.depth.belowSurface']).toBeCloseTo(12.8, 9);
    expect(r['navigation.headingTrue']).toBeCloseTo(Math.PI, 6);
    expect(r['propulsion.main.revolutions']).toBe(5);
    expect(r['environment.outside.pressure']).toBeCloseTo(101_320, 6);
    expect(s.status()).toMatchObject([{ device: `127.0.0.1:${server.port}`, state: 'ok' }]);
  });

  it('over TCP, joins a sentence split across segments', async () => {
    const { source: s, server } = await tcp();
    const rmc = `${RMC}\r\n`;
    server.emit([rmc.slice(0, 20)]);
    await new Promise((r) => setTimeout(r, 100));
    server.emit([rmc.slice(20)]);
    await waitFor(() => s.accepted === 1, 3000, 'the joined sentence');
    expect(s.rejected.malformed + s.rejected['no-checksum'] + s.rejected['bad-checksum']).toBe(0);
  });

  it('over TCP, counts and drops garbage, bad checksums and overlong lines, and goes on', async () => {
    const { source: s, server } = await tcp();
    server.emit([`${'X'.repeat(5000)}\r\n`, 'garbage\r\n', `${RMC.replace('*6A', '*00')}\r\n`, `$GPRMC,${'1'.repeat(300)}`, `${'2'.repeat(300)}*00\r\n`, `${RMC}\r\n`]);
    await waitFor(() => s.accepted === 1, 3000, 'the good sentence after the bad');
    expect(s.rejected).toMatchObject({ overlong: 2, 'no-checksum': 1, 'bad-checksum': 1 });
  });

  it('over TCP, reports a device that goes silent', async () => {
    const changes: DeviceStatusChange[] = [];
    const { source: s, server } = await tcp(changes, 400);
    server.emit([`${RMC}\r\n`]);
    await waitFor(() => s.accepted === 1, 3000, 'a first sentence');
    await waitFor(() => changes.some((c) => c.state === 'silent'), 3000, 'silence reported');
    expect(changes.map((c) => c.state)).toEqual(['ok', 'silent']);
  });

  it('over TCP, reconnects when the device restarts and its readings resume', async () => {
    const changes: DeviceStatusChange[] = [];
    const { source: s, server } = await tcp(changes);
    server.emit([`${RMC}\r\n`]);
    await waitFor(() => s.accepted === 1, 3000, 'a first sentence');
    await server.stop();
    await waitFor(() => changes.some((c) => c.state === 'disconnected'), 3000, 'the disconnection reported');
    await server.start();
    await waitFor(() => server.connections === 1, 5000, 'the source to reconnect');
    server.emit([`${RMC}\r\n`]);
    await waitFor(() => s.accepted === 2, 3000, 'a sentence after the restart');
    expect(changes.map((c) => c.state)).toEqual(['ok', 'disconnected', 'ok']);
    expect(s.read()['navigation.position.latitude' as never]).toBeCloseTo(48 + 7.038 / 60, 9);
  });

  it('over TCP, reports a device that refuses once, and keeps trying it', async () => {
    const changes: DeviceStatusChange[] = [];
    const s = await source({ transport: 'tcp', port: await freePort() }, changes);
    await waitFor(() => s.status()[0]!.failures >= 3, 3000, 'three refused attempts');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ state: 'disconnected', detail: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('reports a receiver that sends only garbage, then silence, and takes it back when it talks again', async () => {
    const changes: DeviceStatusChange[] = [];
    const { source: s, send } = await udp(changes, 400);
    await send(`${RMC}\r\n`);
    await waitFor(() => s.accepted === 1, 3000, 'a first fix');
    const garbage = setInterval(() => void send(`${RMC.replace('*6A', '*00')}\r\n`), 100);
    await waitFor(() => changes.some((c) => c.state === 'garbage'), 3000, 'garbage reported');
    clearInterval(garbage);
    await waitFor(() => changes.some((c) => c.state === 'silent'), 3000, 'silence reported');
    await send(`${RMC}\r\n`);
    await waitFor(() => changes.at(-1)!.state === 'ok', 3000, 'back');
    expect(changes.map((c) => c.state)).toEqual(['ok', 'garbage', 'silent', 'ok']);
  });
});
