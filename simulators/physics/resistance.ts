import { Curve } from '../../shared/profile/curves.ts';
import type { MetierProfile, VesselProfile } from '../../shared/profile/vessel-profile.ts';

/** A hull's calm-water resistance plus added resistance in waves, its curve ready to be read every second. */
export class HullResistance {
  private readonly calm: Curve;
  private readonly addedPerMetreWave: number;

  constructor(hull: VesselProfile['hull']) {
    this.calm = new Curve(hull.resistance, 'speed', 'force');
    this.addedPerMetreWave = hull.addedResistancePerMetreWave;
  }

  /** Resistance, N, at `speed` m/s through water in a sea of significant height `significantHeight` m. */
  at(speed: number, significantHeight: number): number {
    return this.calm.at(speed) * (1 + this.addedPerMetreWave * significantHeight);
  }
}

/** A métier's gear drag, its curve ready to be read every second. */
export class GearDrag {
  private readonly full: Curve;

  constructor(metier: MetierProfile) {
    this.full = new Curve(metier.gearDrag, 'speed', 'force');
  }

  /** Drag, N, at towing `speed` m/s; `deployed` is the fraction of the gear in the water (shooting pays it out). */
  at(speed: number, deployed: number): number {
    return deployed * this.full.at(speed);
  }
}

/** Wind load on the superstructure, N, positive against the motion: ½ρ Cd A u|u| on the apparent head-wind component. */
export function windage(hull: VesselProfile['hull'], headWind: number): number {
  return hull.windageCoefficient * headWind * Math.abs(headWind);
}
