import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeConfigSchema } from '../../edge/config.ts';
import { serverConfigSchema } from '../../server/config.ts';
import { FREGATE_MAP } from '../helpers/served-vessel.ts';

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples');
const read = (name: string) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;

describe('the example configurations in examples/', () => {
  it('edge.json, installed as /etc/sillage/edge.json, is a valid edge configuration naming the register map the package installs', () => {
    const example = read('edge.json') as { sources: { map?: string }[] };
    const maps = example.sources.flatMap((s) => (s.map ? [s.map] : []));
    expect(maps).toEqual(['/etc/sillage/modbus-map.json']);
    // The package installs La Frégate's map at that path; this machine has it in the repository.
    const parsed = edgeConfigSchema.safeParse({ ...example, sources: example.sources.map((s) => (s.map ? { ...s, map: FREGATE_MAP } : s)) });
    expect(parsed.error).toBeUndefined();
    expect(parsed.data?.outbox.path).toBe('/var/lib/sillage-edge/outbox.db');
  });

  it('server.json is a valid shore configuration', () => {
    const parsed = serverConfigSchema.safeParse(read('server.json'));
    expect(parsed.error).toBeUndefined();
    expect(parsed.data?.security.mode).toBe('production');
  });
});
