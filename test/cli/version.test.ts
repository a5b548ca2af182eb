import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sillage } from '../helpers/sillage-cli.ts';

const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };

describe('sillage --version', () => {
  it('prints the package version alone and exits 0', async () => {
    expect(await sillage('--version')).toEqual({ code: 0, stdout: `sillage ${version}\n`, stderr: '' });
  });
});
