import { describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../../server/config.ts';

const problem = (config: unknown) => {
  const checked = serverConfigSchema.safeParse(config);
  return checked.success ? undefined : checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('InfluxDB in the server config', () => {
  it('takes an API token beside a URL naming the bucket or database', () => {
    expect(problem({ influxUrl: 'https://influx.example:8086/sillage', influxToken: 'abc==' })).toBeUndefined();
  });

  it('refuses a token without a URL to use it on', () => {
    expect(problem({ influxToken: 'abc==' })).toEqual(['influxToken: influxToken is set but influxUrl is not']);
  });

  it('refuses a token beside a user in the URL: one way of signing in, not two', () => {
    expect(problem({ influxUrl: 'http://sillage:secret@127.0.0.1:8086/sillage', influxToken: 'abc==' }))
      .toEqual(['influxToken: influxUrl carries a user name and influxToken a token: give one of them']);
  });
});
