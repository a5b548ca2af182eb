import { describe, expect, it } from 'vitest';
import { authorizationHeader, createsDatabases, majorVersion } from '../../../server/store/influx-http.ts';

describe('what /ping says an InfluxDB server is', () => {
  it('reads the major version each generation writes in X-Influxdb-Version', () => {
    expect(majorVersion('1.6.7~rc0')).toBe(1);
    expect(majorVersion('1.8.10')).toBe(1);
    expect(majorVersion('v2.7.10')).toBe(2);
    expect(majorVersion('3.0.1')).toBe(3);
  });

  it('knows none when the header is missing or names no version', () => {
    expect(majorVersion(undefined)).toBeUndefined();
    expect(majorVersion('')).toBeUndefined();
    expect(majorVersion('OSS')).toBeUndefined();
  });

  it('sends CREATE DATABASE to a 1.x only: not to a 2.x (buckets), a 3.x (created on first write) or an unknown server', () => {
    expect(createsDatabases(1)).toBe(true);
    expect(createsDatabases(2)).toBe(false);
    expect(createsDatabases(3)).toBe(false);
    expect(createsDatabases(undefined)).toBe(false);
  });
});

describe('how Sillage proves who it is to InfluxDB', () => {
  it('sends an API token in the Token scheme, which 2.x, 3.x and Cloud all take', () => {
    expect(authorizationHeader({ token: 'abc-123==' })).toBe('Token abc-123==');
  });

  it('sends a 1.x user and password as HTTP Basic', () => {
    expect(authorizationHeader({ username: 'sillage', password: 'p:ss wörd' }))
      .toBe(`Basic ${Buffer.from('sillage:p:ss wörd').toString('base64')}`);
  });

  it('sends nothing to a 1.x without authentication (no default user, unlike the influx client)', () => {
    expect(authorizationHeader(undefined)).toBeUndefined();
  });
});
