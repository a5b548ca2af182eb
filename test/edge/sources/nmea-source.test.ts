import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatusChange } from '../../../edge/sources/device-health.ts';
import { parseNmeaSentence } from '../../../edge/sources/nmea0183/nmea-sentences.ts';
import { NmeaUdpSource } from '../../../edge/sources/nmea0183/nmea-udp-source.ts';
import { fixSentences, nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';
import { freePort } from '../../helpers/ports.ts';
import { waitFor } from '../../helpers/wait.ts';

const RMC = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
const signed = (body: string) => `$${body}*${nmeaChecksum(body)}`;

describe('NMEA 0183 sentences', () => {
  it('read RMC into position, speed in m/s and course in radians', () => {
    const verdict = parseNmeaSentence(RMC);
    expect(verdict.ok).toBe(true);
    if (!verdict.ok) return;
    expect(verdict.readings['navigation.position.latitude' as never]).toBeCloseTo(48 + 7.038 / 60, 9);
    expect(verdict.readings['navigation.position.longitude' as never]).toBeCloseTo(11 + 31 / 60, 9);
    expect(verdict.readings['navigation.speedOverGround' as never]).toBeCloseTo(22.4 * 1852 / 3600, 9);
    expect(verdict.readings['navigation.courseOverGroundTrue' as never]).toBeCloseTo(84.4 * Math.PI / 180, 9);
  });

  it('read southern and western hemispheres as negative degrees (GGA)', () => {
    const verdict = parseNmeaSentence(signed('GPGGA,092750.000,5321.6802,S,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,'));
    expect(verdict).toEqual({ ok: true, readings: { 'navigation.position.latitude': -(53 + 21.6802 / 60), 'navigation.position.longitude': -(6 + 30.3372 / 60) } });
  });

  it('are refused with a wrong checksum, without one, or without a fix', () => {
    expect(parseNmeaSentence(RMC.replace('*6A', '*6B'))).toMatchObject({ ok: false, reason: 'bad-checksum' });
    expect(parseNmeaSentence(RMC.replace('022.4', '023.4'))).toMatchObject({ ok: false, reason: 'bad-checksum' });
    expect(parseNmeaSentence(RMC.slice(0, RMC.indexOf('*')))).toMatchObject({ ok: false, reason: 'no-checksum' });
    expect(parseNmeaSentence(signed('GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,N'))).toMatchObject({ ok: false, reason: 'no-fix' });
  });

  it('agree with what the simulator\'s GNSS sends', () => {
    const fix = { t: Date.UTC(2024, 5, 10, 6), lat: 50.7263, lon: 1.5912, sog: 4.2, cog: 5.9 };
    const merged = Object.assign({}, ...fixSentences(fix).map((s) => { const v = parseNmeaSentence(s); return v.ok ? v.readings : {}; }));
    expect(merged['navigation.position.latitude']).toBeCloseTo(fix.lat, 5);
    expect(merged['navigation.position.longitude']).toBeCloseTo(fix.lon, 5);
    expect(merged['navigation.speedOverGround']).toBeCloseTo(fix.sog, 1);
    expect(merged['navigation.courseOverGroundTrue']).toBeCloseTo(fix.cog, 2);
  });
});

describe('the NMEA 0183 UDP source', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  async function listen(changes: DeviceStatusChange[] = [], maxAgeMs = 3000) {
    const source = new NmeaUdpSource({ name: 'gnss', host: '127.0.0.1', port: await freePort(), maxAgeMs, onStatus: (c) => changes.push(c) });
    await source.start();
    stops.push(() => source.stop());
    const sender = createSocket('udp4');
    stops.push(() => new Promise((resolve) => sender.close(() => resolve())));
    const send = (text: string | Buffer) => new Promise<void>((resolve) => sender.send(text, source.port, '127.0.0.1', () => resolve()));
    return { source, send };
  }

  it('takes valid sentences from real datagrams and counts the rest by reason', async () => {
    const { source, send } = await listen();
    await send(`${RMC}\r\n${RMC.replace('*6A', '*00')}\r\n`);
    await send(Buffer.from([0x00, 0xff, 0x13, 0x37]));
    await send(`${signed('GPXYZ,1,2')}\r\n`);
    await waitFor(() => source.rejected['bad-checksum'] === 1 && source.rejected['no-checksum'] === 1 && source.rejected.unsupported === 1 && source.accepted === 1, 3000, 'the datagrams');
    expect(source.read()['navigation.speedOverGround' as never]).toBeCloseTo(22.4 * 1852 / 3600, 9);
    expect(source.read()).toEqual({});
  });

  it('reports a receiver that sends only garbage, then silence, and takes it back when it talks again', async () => {
    const changes: DeviceStatusChange[] = [];
    const { source, send } = await listen(changes, 400);
    await send(`${RMC}\r\n`);
    await waitFor(() => source.accepted === 1, 3000, 'a first fix');
    const garbage = setInterval(() => void send(`${RMC.replace('*6A', '*00')}\r\n`), 100);
    await waitFor(() => changes.some((c) => c.state === 'garbage'), 3000, 'garbage reported');
    clearInterval(garbage);
    await waitFor(() => changes.some((c) => c.state === 'silent'), 3000, 'silence reported');
    await send(`${RMC}\r\n`);
    await waitFor(() => changes.at(-1)!.state === 'ok', 3000, 'back');
    expect(changes.map((c) => c.state)).toEqual(['ok', 'garbage', 'silent', 'ok']);
  });
});
