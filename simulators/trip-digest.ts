import { createHash } from 'node:crypto';
import { resolveVesselProfile } from '../shared/profile/load-profile.ts';
import { HybridTrawler } from './vessel/hybrid-trawler.ts';
import { readingsOf, signalBindings } from './vessel/signals.ts';
import { drawWorld } from './world/vessel-world.ts';

/**
 * A fingerprint of everything a seeded trip produces: every second's instrument readings, as the registry maps
 * them, and the truth records of the trips closed and in progress. Any change to the physics' results, however
 * small, changes it; a change to how fast they are computed must not.
 */
export function tripDigest(hours: number, metier = 'OTB', seed = 1): string {
  const profile = resolveVesselProfile('la-fregate');
  const start = Date.UTC(2024, 2, 1);
  const sim = new HybridTrawler({ profile, metier, seed, start, world: drawWorld(profile, seed, start) });
  const bindings = signalBindings(profile);
  const hash = createHash('sha256');
  const end = start + hours * 3_600_000;
  while (sim.now < end) {
    sim.advanceTo(sim.now + 1000);
    // The doubles themselves, bit for bit (JSON would fold -0 into 0).
    hash.update(new Uint8Array(Float64Array.from(Object.values(readingsOf(bindings, sim.instant))).buffer));
  }
  hash.update(JSON.stringify(sim.completedTrips));
  hash.update(JSON.stringify(sim.currentTrip));
  return hash.digest('hex');
}
