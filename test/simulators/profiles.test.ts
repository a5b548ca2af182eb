import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConventionalVesselProfile, parseVesselProfile } from '../../shared/profile/index.ts';
import { PROFILES_DIR } from '../../shared/profile/load-profile.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Numbers of a profile with no source: each number must sit under a key named in the `sources` of the nearest
 * section that has one (the schema checks a section's own fields; this also covers numbers nested deeper).
 */
function unsourced(node: Json, path: string[] = [], section?: { sources: Record<string, string>; depth: number }): string[] {
  if (typeof node === 'number') return section && path[section.depth] !== undefined && path[section.depth]! in section.sources ? [] : [path.join('.')];
  if (node === null || typeof node !== 'object') return [];
  const here = !Array.isArray(node) && typeof node.sources === 'object' && node.sources !== null
    ? { sources: node.sources as Record<string, string>, depth: path.length }
    : section;
  const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node).filter(([k]) => k !== 'sources');
  return entries.flatMap(([k, v]) => unsourced(v, [...path, k], here));
}

const files = readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'));

describe.each(files)('the shipped profile %s', (file) => {
  const json = JSON.parse(readFileSync(join(PROFILES_DIR, file), 'utf8')) as Json;

  it('is a valid vessel profile: a hybrid\'s, or a conventional vessel\'s when it says so', () => {
    const conventional = typeof json === 'object' && json !== null && !Array.isArray(json) && json.kind === 'conventional';
    expect(() => (conventional ? parseConventionalVesselProfile(json, file) : parseVesselProfile(json, file))).not.toThrow();
  });

  it('gives a source for every number, however deep', () => {
    expect(unsourced(json)).toEqual([]);
  });
});

describe('a conventional vessel\'s profile', () => {
  const control = JSON.parse(readFileSync(join(PROFILES_DIR, 'la-fregate-control.json'), 'utf8')) as Record<string, unknown>;
  const hybrid = JSON.parse(readFileSync(join(PROFILES_DIR, 'la-fregate.json'), 'utf8')) as Record<string, unknown>;

  it('has no battery, generator sets, electric propulsion or harvesters, and needs none', () => {
    expect(parseConventionalVesselProfile(control).identity.id).toBe('cormoran');
    for (const part of ['battery', 'generators', 'propulsion', 'harvesters', 'energyManagement']) expect(control).not.toHaveProperty(part);
  });

  it('is refused as a hybrid\'s, and a hybrid\'s without its battery is still refused', () => {
    expect(() => parseVesselProfile(control)).toThrow(/battery/);
    const { battery: _battery, ...withoutBattery } = hybrid;
    expect(() => parseVesselProfile(withoutBattery)).toThrow(/battery/);
  });

  it('names its engines among its equipment, as a hybrid\'s must', () => {
    const equipment = { ...(control.equipment as object), generators: ['main'] };
    expect(() => parseConventionalVesselProfile({ ...control, equipment })).toThrow(/"aux" is not listed in equipment.generators/);
  });
});

describe('the source check', () => {
  it('finds a number whose section names no source for it', () => {
    expect(unsourced({ a: { x: 1, y: [{ z: 2 }], sources: { y: 'datasheet' } } })).toEqual(['a.x']);
  });
});
