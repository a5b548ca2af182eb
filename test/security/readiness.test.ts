import { describe, expect, it } from 'vitest';
import { serverConfigSchema, type ServerConfigInput } from '../../server/config.ts';
import { securityProblems } from '../../server/security/readiness.ts';

const HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const ready: ServerConfigInput = {
  vessels: [{ id: 'fregate', name: 'La Frégate', credentials: { secretHash: HASH } }],
  users: [{ name: 'admin', role: 'admin', passwordHash: HASH }],
};
const problems = (config: ServerConfigInput) => securityProblems(serverConfigSchema.parse(config));

describe('security readiness', () => {
  it('lets a production config with vessel credentials and an admin start', () => {
    expect(problems(ready)).toEqual([]);
  });

  it('is production by default and refuses to start without credentials', () => {
    const found = problems({});
    expect(found).toHaveLength(2);
    expect(found.join('\n')).toMatch(/no web user with role admin/);
    expect(found.join('\n')).toMatch(/no vessel declared/);
  });

  it('names each vessel that has no credentials', () => {
    expect(problems({ ...ready, vessels: [...ready.vessels!, { id: 'bravo', name: 'Bravo' }] }))
      .toEqual([expect.stringMatching(/vessel bravo has no credentials/)]);
  });

  it('refuses plain MQTT on a public interface in production, but not in demo mode', () => {
    const exposed = { ...ready, mqtt: { host: '0.0.0.0' } };
    expect(problems(exposed)).toEqual([expect.stringMatching(/plain MQTT on 0\.0\.0\.0/)]);
    expect(problems({ ...exposed, security: { mode: 'demo' } })).toEqual([]);
  });

  it('refuses certificate logins without a CA to verify them', () => {
    expect(problems({ ...ready, vessels: [{ id: 'fregate', name: 'F', credentials: { certificate: true } }] }))
      .toEqual([expect.stringMatching(/mqtt\.tls\.ca is not set/)]);
  });

  it('allows open mode (no authentication) on loopback only', () => {
    expect(problems({ security: { mode: 'open' } })).toEqual([]);
    expect(problems({ security: { mode: 'open' }, http: { host: '0.0.0.0' } })).toEqual([expect.stringMatching(/loopback only/)]);
  });

  it('rejects plaintext passwords and bad roles at the config schema', () => {
    expect(serverConfigSchema.safeParse({ users: [{ name: 'a', role: 'admin', passwordHash: 'hunter2' }] }).success).toBe(false);
    expect(serverConfigSchema.safeParse({ users: [{ name: 'a', role: 'root', passwordHash: HASH }] }).success).toBe(false);
    expect(serverConfigSchema.safeParse({ users: [{ name: 's', role: 'skipper', passwordHash: HASH }] }).success).toBe(false);
    expect(serverConfigSchema.safeParse({ users: [{ name: 's', role: 'skipper', vessel: 'fregate', passwordHash: HASH }] }).success).toBe(true);
  });
});
