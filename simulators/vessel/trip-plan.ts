import type { MetierProfile, VesselProfile } from '../../shared/profile/index.ts';
import type { Random } from '../random.ts';

/** What the vessel is doing; the three fishing phases are also the gear states of the registry. */
export type Phase = 'port' | 'steaming' | 'shooting' | 'towing' | 'hauling';

/** One leg of a trip: a phase held either for a duration or until a destination is reached. */
export interface Leg {
  phase: Phase;
  /** Speed through water, m/s. */
  speed: number;
  /** Seconds, for legs that last a fixed time. */
  duration?: number;
  /** Position steered for, for steaming legs. */
  destination?: { lat: number; lon: number };
  /** Heading through water for fishing legs, rad true. */
  heading?: number;
  /** Mechanical power at the winch drums, W. */
  winchPower: number;
  /** Fraction of the gear in the water: its drag scales with it. */
  gearDeployed: number;
}

/** Metres per degree of latitude. */
const M_PER_DEG = 111_195;

/** A point `distance` m from `from` on `bearing` rad, on a locally flat Earth (grounds lie within 60 nm). */
export function offset(from: { lat: number; lon: number }, bearing: number, distance: number): { lat: number; lon: number } {
  const lat = from.lat + (distance * Math.cos(bearing)) / M_PER_DEG;
  const lon = from.lon + (distance * Math.sin(bearing)) / (M_PER_DEG * Math.cos((from.lat * Math.PI) / 180));
  return { lat, lon };
}

/** cos(π/2) in floating point: not quite 0, so a move due east still nudges the latitude, as `offset` has it. */
const COS_EAST = Math.cos(Math.PI / 2);

/**
 * Moves `p` in place `north` m then `east` m: exactly offset(offset(p, 0, north), π/2, east), without the two
 * intermediate positions, for the vessels' every second. Moving north leaves the longitude as it is (sin 0 is
 * exactly 0, and the signed zero it adds keeps its sign over a positive cos φ), so only the eastward move needs a cosine.
 */
export function sail(p: { lat: number; lon: number }, north: number, east: number): void {
  const lat = p.lat + north / M_PER_DEG;
  p.lon = p.lon + north * 0 + east / (M_PER_DEG * Math.cos((lat * Math.PI) / 180));
  p.lat = lat + (east * COS_EAST) / M_PER_DEG;
}

/** Distance (m) and bearing (rad true) from a to b on a locally flat Earth. */
export function rangeAndBearing(a: { lat: number; lon: number }, b: { lat: number; lon: number }): { distance: number; bearing: number } {
  const north = (b.lat - a.lat) * M_PER_DEG;
  const east = (b.lon - a.lon) * M_PER_DEG * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return { distance: Math.hypot(north, east), bearing: (Math.atan2(east, north) + 2 * Math.PI) % (2 * Math.PI) };
}

/**
 * A trip of a métier drawn from its template: alongside, steaming out to one of its grounds, a number of
 * shoot–tow–haul cycles with short moves between them, steaming home, alongside again. Shooting pays the gear out
 * (a third of its drag on average), hauling brings it in on the winches.
 */
export function planTrip(profile: Pick<VesselProfile, 'identity'>, metier: MetierProfile, rng: Random): Leg[] {
  const t = metier.trip;
  const home = profile.identity.homePort;
  const ground = metier.grounds[Math.floor(rng.next() * metier.grounds.length)]!;
  const steamingSpeed = rng.triangular(t.steamingSpeed);
  const fishingStart = offset(ground, rng.uniform(0, 2 * Math.PI), rng.uniform(0, 3000));
  const legs: Leg[] = [
    { phase: 'port', speed: 0, duration: Math.round(rng.triangular(t.portBefore)), winchPower: 0, gearDeployed: 0 },
    { phase: 'steaming', speed: steamingSpeed, destination: fishingStart, winchPower: 0, gearDeployed: 0 },
  ];
  const hauls = Math.max(1, Math.round(rng.triangular(t.hauls)));
  for (let i = 0; i < hauls; i++) {
    const heading = rng.uniform(0, 2 * Math.PI);
    legs.push(
      { phase: 'shooting', speed: rng.triangular(t.shootingSpeed), duration: Math.round(rng.triangular(t.shootingDuration)), heading, winchPower: rng.triangular(t.shootingWinchPower), gearDeployed: 0.33 },
      { phase: 'towing', speed: rng.triangular(t.towingSpeed), duration: Math.round(rng.triangular(t.towingDuration)), heading, winchPower: rng.triangular(t.towingWinchPower), gearDeployed: 1 },
      { phase: 'hauling', speed: rng.triangular(t.haulingSpeed), duration: Math.round(rng.triangular(t.haulingDuration)), heading, winchPower: rng.triangular(t.haulingWinchPower), gearDeployed: 0.33 },
    );
    if (i < hauls - 1) {
      // Back up the ground towards the next tow's start, at a moderate speed.
      const speed = Math.min(steamingSpeed, 7 * 0.5144);
      const duration = Math.round(rng.triangular(t.betweenHaulsDistance) / speed);
      legs.push({ phase: 'steaming', speed, duration, heading: (heading + Math.PI * rng.uniform(0.75, 1.25)) % (2 * Math.PI), winchPower: 0, gearDeployed: 0 });
    }
  }
  legs.push(
    { phase: 'steaming', speed: steamingSpeed, destination: { lat: home.lat, lon: home.lon }, winchPower: 0, gearDeployed: 0 },
    { phase: 'port', speed: 0, duration: Math.round(rng.triangular(t.portAfter)), winchPower: 0, gearDeployed: 0 },
  );
  return legs;
}
