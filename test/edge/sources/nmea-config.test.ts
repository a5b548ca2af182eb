import { describe, expect, it } from 'vitest';
import { sourceConfigSchema } from '../../../edge/sources/source-config.ts';

describe('an nmea0183 source in the edge configuration', () => {
  it('listens for UDP on every interface, port 10110, when only named', () => {
    expect(sourceConfigSchema.parse({ kind: 'nmea0183', name: 'gnss' })).toMatchObject({ transport: 'udp', host: '0.0.0.0', port: 10110, maxLineLength: 1024 });
  });

  it('over TCP, connects to the host it names, with the default backoff', () => {
    expect(sourceConfigSchema.parse({ kind: 'nmea0183', name: 'mux', transport: 'tcp', host: '192.168.1.40' }))
      .toMatchObject({ transport: 'tcp', host: '192.168.1.40', port: 10110, retry: { minMs: 1000, maxMs: 60_000 } });
  });

  it('over TCP, is refused without a host, naming the field', () => {
    const result = sourceConfigSchema.safeParse({ kind: 'nmea0183', name: 'mux', transport: 'tcp' });
    expect(result.error?.issues).toMatchObject([{ path: ['host'], message: expect.stringMatching(/TCP source needs the host/) }]);
  });

  it('refuses an XDR transducer mapped onto a path the registry does not know', () => {
    const result = sourceConfigSchema.safeParse({ kind: 'nmea0183', name: 'gnss', transducers: { AIRTEMP: 'environment.outside.temprature' } });
    expect(result.error?.issues).toMatchObject([{ path: ['transducers', 'AIRTEMP'], message: 'not a registry path' }]);
  });
});
