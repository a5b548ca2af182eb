import { interpolate } from '../../shared/profile/curves.ts';
import type { MetierProfile, VesselProfile } from '../../shared/profile/vessel-profile.ts';

/** Calm-water hull resistance plus added resistance in waves, N, at `speed` m/s through water. */
export function hullResistance(hull: VesselProfile['hull'], speed: number, significantHeight: number): number {
  const calm = interpolate(hull.resistance, 'speed', 'force', speed);
  return calm * (1 + hull.addedResistancePerMetreWave * significantHeight);
}

/** Gear drag, N, at towing `speed` m/s; `deployed` is the fraction of the gear in the water (shooting pays it out). */
export function gearDrag(metier: MetierProfile, speed: number, deployed: number): number {
  return deployed * interpolate(metier.gearDrag, 'speed', 'force', speed);
}

/** Wind load on the superstructure, N, positive against the motion: ½ρ Cd A u|u| on the apparent head-wind component. */
export function windage(hull: VesselProfile['hull'], headWind: number): number {
  return hull.windageCoefficient * headWind * Math.abs(headWind);
}
