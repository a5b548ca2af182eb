import type { ConventionalVesselProfile } from '../../shared/profile/conventional-vessel-profile.ts';
import type { Tolerance, VesselProfile } from '../../shared/profile/vessel-profile.ts';
import { Random } from '../random.ts';
import { NO_DEVIATION, type EngineDeviation } from './engine-map.ts';

/**
 * The world one simulated vessel lives in (METHOD §7): its true engines, propulsors, drives and meters, drawn from
 * the tolerances its profile states, and the slow drifts a season brings. The truth is computed in it; the savings
 * engine only ever reads the nominal profile and what the instruments show.
 */
export interface VesselWorld {
  /** The seed it was drawn from; null for the nominal world, where every part is as declared. */
  seed: number | null;
  hybrid: { propulsorQuality: number; electricDriveEfficiency: number };
  /** The hybrid's own generator sets, in the profile's order. */
  generators: EngineDeviation[];
  twin: {
    main: EngineDeviation; aux: EngineDeviation;
    propulsorQuality: number; partLoadLoss: number; gearAndShaftEfficiency: number;
    hydraulicWinchEfficiency: number; hydraulicStandby: number;
  };
  /** Reading = true value × factor. */
  meters: { fuel: number[]; propulsion: number; winch: number; hotel: number; stabiliser: number; speedLog: number };
  drift: {
    /** Epoch ms the drifts count from: the hull was cleaned and the engines' hours set to zero then. */
    since: number;
    /** Hull resistance added per day in the water, fraction (fouling). */
    foulingPerDay: number;
  };
}

/** A conventional vessel's machinery exactly as declared. */
const NOMINAL_MACHINERY: VesselWorld['twin'] = {
  main: NO_DEVIATION, aux: NO_DEVIATION, propulsorQuality: 1, partLoadLoss: 1, gearAndShaftEfficiency: 1, hydraulicWinchEfficiency: 1, hydraulicStandby: 1,
};

export function nominalWorld(profile: VesselProfile, since = 0): VesselWorld {
  return {
    seed: null,
    hybrid: { propulsorQuality: 1, electricDriveEfficiency: 1 },
    generators: profile.generators.map(() => NO_DEVIATION),
    twin: NOMINAL_MACHINERY,
    meters: { fuel: profile.generators.map(() => 1), propulsion: 1, winch: 1, hotel: 1, stabiliser: 1, speedLog: 1 },
    drift: { since, foulingPerDay: 0 },
  };
}

/** A tolerance as the profile states it: normal within its 95 % bounds, or uniform between them. */
function sample(rng: Random, t: Tolerance): number {
  return t.distribution === 'uniform' ? rng.uniform(t.low, t.high) : Math.max(0, rng.normal((t.low + t.high) / 2, (t.high - t.low) / 3.92));
}

/**
 * A world drawn by seed: every part drawn on its own, each engine and each propulsor independently, each meter on
 * its own. Hull fouling adds 0–0.1 % of resistance a day (a few per cent over a season, up to ten over a year
 * unpainted), engines lose 0–0.5 % of specific consumption per 1000 running hours.
 */
export function drawWorld(profile: VesselProfile, seed: number, since: number): VesselWorld {
  const rng = new Random(seed ^ 0x3057);
  const u = profile.uncertainty;
  const noPartLoadSpread: Tolerance = { distribution: 'normal', low: 0.98, high: 1.02 };
  return {
    seed,
    hybrid: { propulsorQuality: sample(rng, u.hybridPropulsorQuality), electricDriveEfficiency: sample(rng, u.electricDriveEfficiency) },
    generators: profile.generators.map(() => drawEngine(rng, u.generatorSfoc, noPartLoadSpread)),
    twin: drawConventional(rng, u),
    meters: {
      fuel: profile.generators.map(() => sample(rng, u.fuelMeter)),
      propulsion: sample(rng, u.powerMeter), winch: sample(rng, u.powerMeter), hotel: sample(rng, u.powerMeter), stabiliser: sample(rng, u.powerMeter),
      speedLog: sample(rng, u.speedLog),
    },
    drift: { since, foulingPerDay: rng.uniform(0, 0.001) },
  };
}

/** An engine drawn within its tolerances, wearing by 0–0.5 % of specific consumption per 1000 running hours. */
function drawEngine(rng: Random, level: Tolerance, partLoad: Tolerance, rating?: Tolerance): EngineDeviation {
  return { level: sample(rng, level), partLoad: sample(rng, partLoad), rating: rating ? sample(rng, rating) : 1, ageingPer1000h: rng.uniform(0, 0.005) };
}

/** A conventional vessel's machinery as it really is: the hybrid's twin, or a trial's control vessel. */
function drawConventional(rng: Random, u: ConventionalVesselProfile['uncertainty']): VesselWorld['twin'] {
  return {
    main: drawEngine(rng, u.mainEngineSfoc, u.mainEnginePartLoad),
    aux: drawEngine(rng, u.auxGeneratorSfoc, u.auxGeneratorPartLoad, u.auxGeneratorRating),
    propulsorQuality: sample(rng, u.twinPropulsorQuality),
    partLoadLoss: sample(rng, u.twinPartLoadLoss),
    gearAndShaftEfficiency: sample(rng, u.gearAndShaftEfficiency),
    hydraulicWinchEfficiency: sample(rng, u.hydraulicWinchEfficiency),
    hydraulicStandby: sample(rng, u.hydraulicStandby),
  };
}

/** The world a trial's control vessel lives in: its own machinery, meters and fouling, drawn like a hybrid's. */
export interface ControlWorld {
  seed: number | null;
  machinery: VesselWorld['twin'];
  /** Reading = true value × factor: main engine's and auxiliary set's fuel meters, speed log. */
  meters: { mainFuel: number; auxFuel: number; speedLog: number };
  drift: VesselWorld['drift'];
}

export function nominalControlWorld(since = 0): ControlWorld {
  return { seed: null, machinery: NOMINAL_MACHINERY, meters: { mainFuel: 1, auxFuel: 1, speedLog: 1 }, drift: { since, foulingPerDay: 0 } };
}

export function drawControlWorld(profile: ConventionalVesselProfile, seed: number, since: number): ControlWorld {
  const rng = new Random(seed ^ 0x5c07);
  const u = profile.uncertainty;
  return {
    seed,
    machinery: drawConventional(rng, u),
    meters: { mainFuel: sample(rng, u.fuelMeter), auxFuel: sample(rng, u.fuelMeter), speedLog: sample(rng, u.speedLog) },
    drift: { since, foulingPerDay: rng.uniform(0, 0.001) },
  };
}

/** The hybrid as it really is in this world: its propulsor, motor, drive and winch drives moved by the draws. */
export function trueHybridProfile(profile: VesselProfile, world: VesselWorld): VesselProfile {
  if (world.seed === null) return profile;
  const e = world.hybrid.electricDriveEfficiency;
  const scale = (pts: readonly { load: number; efficiency: number }[]) => pts.map((p) => ({ ...p, efficiency: Math.min(0.995, p.efficiency * e) }));
  const prop = profile.propulsion;
  return {
    ...profile,
    propulsion: {
      ...prop,
      motorEfficiency: scale(prop.motorEfficiency),
      driveEfficiency: scale(prop.driveEfficiency),
      propulsor: { ...prop.propulsor, qualityFactor: Math.min(0.95, prop.propulsor.qualityFactor * world.hybrid.propulsorQuality) },
    },
    winches: profile.winches.map((w) => ({ ...w, driveEfficiency: Math.min(0.995, w.driveEfficiency * e) })),
  };
}
