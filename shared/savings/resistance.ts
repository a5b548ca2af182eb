import { interpolate, type VesselProfile } from '../profile/index.ts';

/**
 * What the bare hull needs at a speed, N: calm-water resistance × (1 + k·Hs) plus windage ½ρCdA·u|u| on the apparent
 * head wind, as the vessel profile describes them. The thrust beyond this is the gear's drag.
 */
export function bareHullResistance(hull: VesselProfile['hull'], speed: number, waveHeight: number, headWind: number): number {
  const calm = interpolate(hull.resistance, 'speed', 'force', speed);
  return calm * (1 + hull.addedResistancePerMetreWave * waveHeight) + hull.windageCoefficient * headWind * Math.abs(headWind);
}

/**
 * Apparent wind from the true wind (speed, direction it blows from) and the vessel's motion over ground:
 * its speed and its component against the heading, m/s.
 */
export function apparentWind(windSpeed: number, windFrom: number, sog: number, cog: number): { speed: number; headWind: number } {
  const groundEast = sog * Math.sin(cog);
  const groundNorth = sog * Math.cos(cog);
  const east = -windSpeed * Math.sin(windFrom) - groundEast;
  const north = -windSpeed * Math.cos(windFrom) - groundNorth;
  return { speed: Math.hypot(east, north), headWind: -(east * Math.sin(cog) + north * Math.cos(cog)) };
}
