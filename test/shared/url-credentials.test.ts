import { describe, expect, it } from 'vitest';
import { withoutCredentials } from '../../shared/url-credentials.ts';

describe('URL credentials', () => {
  it('takes user name and password out of a URL before it is printed, and leaves other URLs alone', () => {
    expect(withoutCredentials('mqtt://ingest:s3cret@broker.example:1883')).toBe('mqtt://***@broker.example:1883');
    expect(withoutCredentials('mqtts://ingest@broker.example:8883/')).toBe('mqtts://***@broker.example:8883/');
    expect(withoutCredentials('http://sillage:pa%40ss@127.0.0.1:8086/sillage')).toBe('http://***@127.0.0.1:8086/sillage');
    expect(withoutCredentials('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
    expect(withoutCredentials('mqtt://user:pa ss@[bad')).toBe('mqtt://***@[bad');
  });
});
