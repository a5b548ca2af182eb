import type { VesselProfile } from '../../shared/profile/index.ts';
import type { Weather } from '../physics/weather.ts';
import type { ConventionalInstant } from '../vessel/conventional-trawler.ts';
import type { Instant } from '../vessel/hybrid-trawler.ts';
import { seabedDepth } from '../physics/seabed.ts';
import type { Instruments } from './nmea0183.ts';

/** Below this speed through the water the hull has no course of its own: the compass keeps the last heading. */
const STEERAGE_WAY = 0.2;
/** How far below the waterline the echo sounder's transducer sits in the hull, m (assumed for a 12–25 m trawler). */
export const TRANSDUCER_DEPTH = 1.5;

/**
 * What the wheelhouse instruments read at an instant, from the simulated trawler's physics: the bow points along
 * the motion through the water (ground track less the tidal stream), the apparent wind is the true wind less
 * the vessel's own motion over the ground, seen from the bow.
 */
/** What the wheelhouse instruments sense of any vessel, hybrid or conventional. */
export interface UnderWayInstant { lat: number; lon: number; sog: number; stw: number; cog: number; weather: Weather }

/** What the engine monitoring's tachometers read, Hz: the propeller shaft's, when the simulation knows it, and each engine's. */
export interface Revolutions { shaft?: number; engines: readonly number[] }

/** The hybrid's: its electric motor turns the shaft, and a generator set's diesel runs at its rated speed or not at all. */
export const hybridRevolutions = (i: Instant, profile: VesselProfile): Revolutions => ({
  shaft: i.motorRevolutions, engines: profile.generators.map((g, k) => (i.generatorRunning[k] ? g.ratedSpeed : 0)),
});

/**
 * The conventional vessel's: its main engine (engine 1) and auxiliary set (engine 2). Its controllable-pitch
 * propeller turns at a fixed share of the engine's speed that no profile states, so no shaft speed is shown.
 */
export const conventionalRevolutions = (i: ConventionalInstant): Revolutions => ({ engines: [i.mainRevolutions, i.auxRevolutions] });

export function instrumentsOf(i: UnderWayInstant, homePort: { lat: number; lon: number }, revolutions: Revolutions, lastHeading: number): Instruments {
  const east = i.sog * Math.sin(i.cog) - i.weather.currentEast;
  const north = i.sog * Math.cos(i.cog) - i.weather.currentNorth;
  const heading = i.stw >= STEERAGE_WAY ? (Math.atan2(east, north) + 2 * Math.PI) % (2 * Math.PI) : lastHeading;
  // Air flow over the deck (the direction it goes), then where it comes from, relative to the bow.
  const { windSpeed, windDirection } = i.weather;
  const flowEast = -windSpeed * Math.sin(windDirection) - i.sog * Math.sin(i.cog);
  const flowNorth = -windSpeed * Math.cos(windDirection) - i.sog * Math.cos(i.cog);
  const from = Math.atan2(-flowEast, -flowNorth);
  const angle = Math.atan2(Math.sin(from - heading), Math.cos(from - heading));
  return {
    heading,
    apparentWind: { speed: Math.hypot(flowEast, flowNorth), angle },
    trueWind: { speed: windSpeed, direction: windDirection },
    airTemperature: i.weather.airTemperature,
    waterTemperature: i.weather.waterTemperature,
    depthBelowTransducer: seabedDepth(i.lat, i.lon, homePort) - TRANSDUCER_DEPTH,
    transducerDepth: TRANSDUCER_DEPTH,
    ...(revolutions.shaft !== undefined && { shaftRevolutions: revolutions.shaft }),
    engineRevolutions: revolutions.engines,
  };
}
