import type { VesselProfile } from '../profile/index.ts';

/** What the savings engine reads from one telemetry sample, SI; undefined where the vessel said nothing usable. */
export interface MeasuredInstant {
  t: number;
  stw?: number; sog?: number; cog?: number; lat?: number; lon?: number;
  gearState?: number;
  waveHeight?: number; windSpeed?: number; windDirection?: number;
  propulsion?: number;
  winch?: number; hotel?: number; stabiliser?: number;
  generatorPower: (number | undefined)[];
  /** m³/s per generator set, as the registry's `propulsion.<id>.fuel.rate`. */
  fuelRate: (number | undefined)[];
  runTime: (number | undefined)[];
  solar?: number; wind?: number; hydro?: number; wave?: number; shore?: number;
  /** Battery terminal power, positive charging. */
  battery?: number;
  soc?: number;
  noise?: number;
}

/** The registry paths of a profile's vessel, resolved once. */
export interface InstantPaths {
  stw: string; sog: string; cog: string; lat: string; lon: string; gear: string; waves: string; windSpeed: string; windDirection: string;
  propulsion: string; winches: string[]; hotel: string; stabiliser?: string;
  generatorPower: string[]; fuelRate: string[]; runTime: string[];
  solar?: string; wind?: string; hydro?: string; wave?: string; shore: string;
  battery: string; soc: string; noise: string;
}

export function instantPaths(profile: VesselProfile): InstantPaths {
  const h = profile.harvesters;
  const bat = `electrical.batteries.${profile.battery.id}`;
  return {
    stw: 'navigation.speedThroughWater', sog: 'navigation.speedOverGround', cog: 'navigation.courseOverGroundTrue',
    lat: 'navigation.position.latitude', lon: 'navigation.position.longitude', gear: 'fishing.gear.state',
    waves: 'environment.water.waves.significantHeight', windSpeed: 'environment.wind.speedTrue', windDirection: 'environment.wind.directionTrue',
    propulsion: `propulsion.${profile.propulsion.motorId}.power`,
    winches: profile.winches.map((w) => `electrical.loads.${w.id}.power`),
    hotel: `electrical.loads.${profile.hotel.id}.power`,
    stabiliser: profile.stabiliser && `electrical.loads.${profile.stabiliser.id}.power`,
    generatorPower: profile.generators.map((g) => `electrical.generators.${g.id}.power`),
    fuelRate: profile.generators.map((g) => `propulsion.${g.id}.fuel.rate`),
    runTime: profile.generators.map((g) => `propulsion.${g.id}.runTime`),
    solar: h.solar && `electrical.solar.${h.solar.id}.panelPower`,
    wind: h.wind && `electrical.windGenerators.${h.wind.id}.power`,
    hydro: h.hydro && `electrical.hydroGenerators.${h.hydro.id}.power`,
    wave: h.wave && `electrical.waveGenerators.${h.wave.id}.power`,
    shore: 'electrical.shore.power',
    battery: `${bat}.power`, soc: `${bat}.capacity.stateOfCharge`,
    noise: 'environment.inside.wheelhouse.noiseLevel',
  };
}

/**
 * Reads a sample's values, holding each path's last good value for up to `holdMs`: sensors are polled on their own
 * cadence and a value a few seconds old still describes the second. Non-finite values count as missing.
 */
export class InstantReader {
  private readonly held = new Map<string, { t: number; v: number }>();

  constructor(private readonly paths: InstantPaths, private readonly holdMs: number) {}

  read(t: number, values: Readonly<Record<string, number>>): MeasuredInstant {
    const get = (path: string | undefined): number | undefined => {
      if (!path) return undefined;
      const v = values[path];
      if (v !== undefined && Number.isFinite(v)) {
        this.held.set(path, { t, v });
        return v;
      }
      const h = this.held.get(path);
      return h && t - h.t <= this.holdMs && t >= h.t ? h.v : undefined;
    };
    const p = this.paths;
    const winches = p.winches.map(get);
    return {
      t,
      stw: get(p.stw), sog: get(p.sog), cog: get(p.cog), lat: get(p.lat), lon: get(p.lon), gearState: get(p.gear),
      waveHeight: get(p.waves), windSpeed: get(p.windSpeed), windDirection: get(p.windDirection),
      propulsion: get(p.propulsion),
      winch: winches.some((w) => w === undefined) ? undefined : winches.reduce<number>((s, w) => s + w!, 0),
      hotel: get(p.hotel), stabiliser: p.stabiliser ? get(p.stabiliser) : 0,
      generatorPower: p.generatorPower.map(get), fuelRate: p.fuelRate.map(get), runTime: p.runTime.map(get),
      solar: get(p.solar), wind: get(p.wind), hydro: get(p.hydro), wave: get(p.wave), shore: get(p.shore),
      battery: get(p.battery), soc: get(p.soc), noise: get(p.noise),
    };
  }
}
