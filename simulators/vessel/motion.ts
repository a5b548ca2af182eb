import type { MetierProfile, VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { GearDrag, HullResistance, windage } from '../physics/resistance.ts';
import type { Weather } from '../physics/weather.ts';
import type { VesselWorld } from '../world/vessel-world.ts';
import type { Leg } from './trip-plan.ts';

/** A vessel's motion over one step: over the ground (m/s east and north) and the wind it meets (m/s). */
export interface Motion { groundEast: number; groundNorth: number; apparentWind: number; headWind: number }

/** Sailing a leg at its speed through water on `heading` (rad true), set by the current: alongside, no motion. */
export function motionOn(leg: Leg, heading: number, weather: Weather): Motion {
  const atSea = leg.phase !== 'port';
  const stw = leg.speed;
  const sinH = Math.sin(heading);
  const cosH = Math.cos(heading);
  const groundEast = atSea ? stw * sinH + weather.currentEast : 0;
  const groundNorth = atSea ? stw * cosH + weather.currentNorth : 0;
  // True wind blows towards direction + π; the apparent wind is it minus the vessel's own motion over ground.
  const windEast = -weather.windSpeed * Math.sin(weather.windDirection) - groundEast;
  const windNorth = -weather.windSpeed * Math.cos(weather.windDirection) - groundNorth;
  return { groundEast, groundNorth, apparentWind: Math.hypot(windEast, windNorth), headWind: -(windEast * sinH + windNorth * cosH) };
}

/**
 * The thrust a leg needs, N: the hull fouled as its world has it, the gear as deployed, the windage of the head wind.
 * The same work whatever the vessel is powered by.
 */
export class LegResistance {
  private readonly hullResistance: HullResistance;
  private readonly gearDrag: GearDrag;

  constructor(private readonly hull: VesselProfile['hull'], metier: MetierProfile, private readonly drift: VesselWorld['drift']) {
    this.hullResistance = new HullResistance(hull);
    this.gearDrag = new GearDrag(metier);
  }

  /** At `t` (epoch ms), sailing `leg` in `weather` with `headWind` m/s against the motion. */
  at(leg: Leg, weather: Weather, headWind: number, t: number): number {
    const stw = leg.speed;
    if (stw <= 0) return 0;
    const drift = this.drift;
    const fouling = 1 + (drift.foulingPerDay * Math.max(0, t - drift.since)) / 86_400_000;
    return this.hullResistance.at(stw, weather.waveHeight) * fouling + this.gearDrag.at(stw, leg.gearDeployed) + windage(this.hull, headWind);
  }
}
