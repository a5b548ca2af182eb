import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixSentences, instrumentSentences, nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';
import { NmeaTcpServer } from '../../../simulators/devices/nmea-tcp-server.ts';
import { NmeaUdpEmitter } from '../../../simulators/devices/nmea-udp-emitter.ts';
import { waitFor } from '../../helpers/wait.ts';

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
    await tx.emit(fixSentences(fix));
    await all;
    await tx.stop();
    rx.close();
    expect(got.map((s) => s.slice(0, 6))).toEqual(['$GPRMC', '$GPVTG', '$GPGGA']);
  });
});

const instruments = {
  heading: Math.PI / 2, apparentWind: { speed: 8, angle: -Math.PI / 4 }, trueWind: { speed: 6, direction: Math.PI },
  airTemperature: 288.15, waterTemperature: 285.65, depthBelowTransducer: 41.26, transducerDepth: 1.5,
  shaftRevolutions: 10, engineRevolutions: [25, 0],
};

describe('NMEA 0183 instrument sentences', () => {
  it('write heading, wind, depth, revolutions and temperatures in the units NMEA uses', () => {
    const body = (s: string) => s.slice(1, s.indexOf('*'));
    expect(instrumentSentences(instruments).map(body)).toEqual([
      'HEHDT,90.0,T',
      'WIMWV,315.0,R,8.0,M,A',
      'WIMWD,180.0,T,,M,11.7,N,6.0,M',
      'SDDPT,41.3,1.5,',
      'ERRPM,S,1,600.0,,A',
      'ERRPM,E,1,1500.0,,A',
      'ERRPM,E,2,0.0,,A',
      'IIXDR,C,15.00,C,TempAir,C,12.50,C,TempWater',
    ]);
  });

  it('each carry a valid checksum and CR LF', () => {
    for (const s of instrumentSentences(instruments)) {
      const m = /^\$(.*)\*([0-9A-F]{2})\r\n$/.exec(s);
      expect(nmeaChecksum(m![1]!)).toBe(m![2]);
    }
  });
});

describe('the simulated NMEA 0183 multiplexer over TCP', () => {
  it('streams every sentence to each connected client on a real socket', async () => {
    const server = new NmeaTcpServer({ host: '127.0.0.1', port: 0 });
    await server.start();
    const received = ['', ''];
    const clients = received.map((_, k) => connect({ host: '127.0.0.1', port: server.port }).on('data', (d) => { received[k] += d.toString('latin1'); }));
    await waitFor(() => server.connections === 2, 3000, 'two clients');
    server.emit([...fixSentences(fix), ...instrumentSentences(instruments)]);
    const expected = [...fixSentences(fix), ...instrumentSentences(instruments)].join('');
    await waitFor(() => received.every((r) => r.length === expected.length), 3000, 'the sentences');
    for (const c of clients) c.destroy();
    await server.stop();
    expect(received).toEqual([expected, expected]);
  });
});
