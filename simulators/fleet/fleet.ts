import { isConventionalProfile, type AnyVesselProfile } from '../../shared/profile/load-profile.ts';

export interface FleetMember {
  vesselId: string;
  profile: AnyVesselProfile;
  metier: string;
  seed: number;
  /** A conventional vessel's weather: its fleet's first hybrid's, beside which it fishes as a control vessel. */
  weatherSeed?: number;
}

/**
 * N vessels for load tests and the fleet dashboard: profiles taken in turn, each vessel's métier in turn among its
 * profile's, seeds consecutive from `seed`. Ids are `<profile id>-<n>` so that two vessels of one profile differ.
 * A conventional vessel meets the weather of the fleet's first hybrid, as a control vessel fishing beside it.
 */
export function fleetMembers(count: number, profiles: readonly AnyVesselProfile[], seed: number, metier?: string): FleetMember[] {
  if (profiles.length === 0) throw new Error('a fleet needs at least one vessel profile');
  const members: FleetMember[] = Array.from({ length: count }, (_, i) => {
    const profile = profiles[i % profiles.length]!;
    const own = profile.metiers.map((m) => m.code);
    const chosen = metier && own.includes(metier as never) ? metier : own[Math.floor(i / profiles.length) % own.length]!;
    return { vesselId: count === 1 ? profile.identity.id : `${profile.identity.id}-${i + 1}`, profile, metier: chosen, seed: seed + i };
  });
  const hybrid = members.find((m) => !isConventionalProfile(m.profile));
  return members.map((m) => (hybrid && isConventionalProfile(m.profile) ? { ...m, weatherSeed: hybrid.seed } : m));
}
