import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathsFor } from '../../../shared/registry/index.ts';
import { parseVesselProfile, vesselProfileSchema } from '../../../shared/profile/index.ts';

const raw = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../profiles', `${name}.json`), 'utf8'));

describe('vessel profile schema', () => {
  it.each(['la-fregate', 'coastal-12m'])('accepts the shipped profile %s', (name) => {
    expect(() => parseVesselProfile(raw(name))).not.toThrow();
  });

  it('lists La Frégate\'s signals through its equipment layout', () => {
    const paths = pathsFor(parseVesselProfile(raw('la-fregate')).equipment);
    expect(paths).toContain('electrical.generators.gen1.power');
    expect(paths).toContain('electrical.loads.winch.power');
    expect(paths).toContain('electrical.batteries.main.capacity.stateOfCharge');
  });

  it('refuses a number whose source is not given', () => {
    const p = raw('la-fregate');
    delete p.hull.sources.windageCoefficient;
    expect(() => parseVesselProfile(p)).toThrow(/no source given for "windageCoefficient"/);
  });

  it('refuses a source for a field that does not exist', () => {
    const p = raw('la-fregate');
    p.hull.sources.keelDepth = 'invented';
    expect(() => parseVesselProfile(p)).toThrow(/unknown field "keelDepth"/);
  });

  it('refuses a generator whose id is not in the equipment layout', () => {
    const p = raw('la-fregate');
    p.generators[1].id = 'gen9';
    expect(vesselProfileSchema.safeParse(p).success).toBe(false);
    expect(() => parseVesselProfile(p)).toThrow(/"gen9" is not listed in equipment.generators/);
  });

  it('refuses a curve whose points are not increasing', () => {
    const p = raw('la-fregate');
    p.hull.resistance[2].speed = 0.1;
    expect(() => parseVesselProfile(p)).toThrow(/strictly increasing in speed/);
  });

  it('refuses a triangular distribution whose mode lies outside its range', () => {
    const p = raw('la-fregate');
    p.metiers[0].trip.hauls = { min: 2, mode: 5, max: 4 };
    expect(() => parseVesselProfile(p)).toThrow(/min ≤ mode ≤ max/);
  });
});
