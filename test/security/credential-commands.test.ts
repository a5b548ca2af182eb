import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverConfigSchema } from '../../server/config.ts';
import { verifySecret } from '../../server/security/secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { sillage } from '../helpers/sillage-cli.ts';

describe('sillage vessel add / user add', () => {
  const { dir, remove } = tempDir('sillage-cli-');
  const file = join(dir, 'server.json');
  afterAll(remove);

  it('adds a vessel with a hashed password, prints the password once, and leaves a file only its owner reads', async () => {
    writeFileSync(file, JSON.stringify({ http: { port: 9000 } }));
    const { code, stdout } = await sillage('vessel', 'add', 'fregate', '--config', file, '--name', 'La Frégate');
    expect(code).toBe(0);
    const secret = /shown this once[^:]*: (\S+)/.exec(stdout)![1]!;
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    const config = serverConfigSchema.parse(JSON.parse(text));
    expect(config.http.port).toBe(9000);
    expect(config.vessels).toMatchObject([{ id: 'fregate', name: 'La Frégate' }]);
    expect(await verifySecret(secret, config.vessels[0]!.credentials!.secretHash!)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses to replace an existing password without --rotate, and replaces it with', async () => {
    const refused = await sillage('vessel', 'add', 'fregate', '--config', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/already has a password; add --rotate/);
    const rotated = await sillage('vessel', 'add', 'fregate', '--config', file, '--rotate');
    const secret = /shown this once[^:]*: (\S+)/.exec(rotated.stdout)![1]!;
    const config = serverConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(config.vessels).toHaveLength(1);
    expect(await verifySecret(secret, config.vessels[0]!.credentials!.secretHash!)).toBe(true);
  });

  it('refuses an invalid vessel id with one clear line', async () => {
    const { code, stderr } = await sillage('vessel', 'add', 'Fregate!', '--config', file);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('sillage vessel: invalid vessel id "Fregate!": it must match [a-z0-9][a-z0-9-]{0,31}');
  });

  it('adds a skipper bound to a vessel, and refuses a skipper without one', async () => {
    const ok = await sillage('user', 'add', 'yann', '--role', 'skipper', '--vessel', 'fregate', '--config', file);
    expect(ok.code).toBe(0);
    const password = /shown this once[^:]*: (\S+)/.exec(ok.stdout)![1]!;
    const config = serverConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(config.users).toMatchObject([{ name: 'yann', role: 'skipper', vessel: 'fregate' }]);
    expect(await verifySecret(password, config.users[0]!.passwordHash)).toBe(true);
    const bad = await sillage('user', 'add', 'anne', '--role', 'skipper', '--config', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/a skipper has a vessel/);
  });
});
