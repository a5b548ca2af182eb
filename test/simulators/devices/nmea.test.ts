import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { fixSentences, nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';
import { NmeaUdpEmitter } from '../../../simulators/devices/nmea-udp-emitter.ts';

const fix = { t: Date.UTC(2024, 5, 10, 8, 5, 9, 500), lat: 50.7264, lon: 1.5976, sog: 1.8, cog: Math.PI / 2 };

describe('NMEA 0183 sentences', () => {
  it('computes the checksum of a known sentence', () => {
    // Example from the NMEA 0183 literature: $GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,*76
    expect(nmeaChecksum('GPGGA,092750.000,5321.6802,N,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,')).toBe('76');
  });

  it('writes RMC with time, position in degrees and minutes, speed in knots and course in degrees', () => {
    const [rmc] = fixSentences(fix);
    expect(rmc).toBe(`$GPRMC,080509.50,A,5043.5840,N,00135.8560,E,3.5,90.0,100624,,,A*${nmeaChecksum('GPRMC,080509.50,A,5043.5840,N,00135.8560,E,3.5,90.0,100624,,,A')}\r\n`);
  });

  it('writes VTG and GGA, each with a valid checksum', () => {
    for (const s of fixSentences(fix)) {
      const m = /^\$(.*)\*([0-9A-F]{2})\r\n$/.exec(s);
      expect(m).not.toBeNull();
      expect(nmeaChecksum(m![1]!)).toBe(m![2]);
    }
    expect(fixSentences(fix)[1]).toMatch(/^\$GPVTG,90\.0,T,,M,3\.5,N,6\.5,K,A\*/);
    expect(fixSentences(fix)[2]).toMatch(/^\$GPGGA,080509\.50,5043\.5840,N,00135\.8560,E,1,/);
  });

  it('sends one sentence per UDP datagram to a real socket', async () => {
    const rx = createSocket('udp4');
    await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
    const got: string[] = [];
    const all = new Promise<void>((resolve) => rx.on('message', (m) => { got.push(m.toString()); if (got.length === 3) resolve(); }));
    const tx = new NmeaUdpEmitter({ host: '127.0.0.1', port: rx.address().port });
    await tx.start();
    await tx.emit(fix);
    await all;
    await tx.stop();
    rx.close();
    expect(got.map((s) => s.slice(0, 6))).toEqual(['$GPRMC', '$GPVTG', '$GPGGA']);
  });
});
