import type { VesselProfile } from '../../shared/profile/index.ts';

export interface FleetMember {
  vesselId: string;
  profile: VesselProfile;
  metier: string;
  seed: number;
}

/**
 * N vessels for load tests and the fleet dashboard: profiles taken in turn, each vessel's métier in turn among its
 * profile's, seeds consecutive from `seed`. Ids are `<profile id>-<n>` so that two vessels of one profile differ.
 */
export function fleetMembers(count: number, profiles: readonly VesselProfile[], seed: number, metier?: string): FleetMember[] {
  if (profiles.length === 0) throw new Error('a fleet needs at least one vessel profile');
  return Array.from({ length: count }, (_, i) => {
    const profile = profiles[i % profiles.length]!;
    const own = profile.metiers.map((m) => m.code);
    const chosen = metier && own.includes(metier as never) ? metier : own[Math.floor(i / profiles.length) % own.length]!;
    return { vesselId: count === 1 ? profile.identity.id : `${profile.identity.id}-${i + 1}`, profile, metier: chosen, seed: seed + i };
  });
}
