import {
  conventionalOperation, interpolate, propulsorPower, propulsorThrust,
  type EngineProfile, type VesselProfile,
} from '../profile/index.ts';
import { NOMINAL, type BaselineParameters } from './baseline-parameters.ts';

/** The measured work of one instant, as the hybrid's instruments show it. */
export interface MeasuredWork {
  /** Speed through water, m/s. */
  stw: number;
  /** Electrical power into the propulsion drive, W. */
  propulsion: number;
  /** Hydro-generator electrical output, W: its drag is in the propulsion power and is not the twin's. */
  hydro: number;
  /** Electrical power of the winch drives, W. */
  winch: number;
  /** Hotel and stabiliser, W. */
  otherElectrical: number;
  atSea: boolean;
  /** Rotor thrust of the wind turbine along the heading, N, positive against the motion (see `windTurbineThrust`). */
  windTurbineThrust: number;
}

export interface BaselineInstant {
  /** Fuel mass flow of the conventional twin, kg/s. */
  fuelRate: number;
  /** Thrust of hull, gear, waves and wind the measured propulsion delivered (hydro drag taken off), N. */
  thrust: number;
  /** Main-engine brake power and auxiliary electrical power, W: what the twin's diesels deliver (NOx, PM). */
  mainPower: number;
  auxPower: number;
  /** Propulsion electrical power the hydro-generator's drag costs the hybrid, W (METHOD §5). */
  hydroDragCost: number;
  /** Propulsion electrical power the wind turbine's rotor thrust costs (negative: it helps, running before the wind), W. */
  windDragCost: number;
}

/** Generator efficiency assumed between rotor and terminals of a small wind turbine. */
const WIND_TURBINE_EFFICIENCY = 0.8;

/**
 * Rotor thrust (N) along the heading of a wind turbine yielding `power` W in an apparent wind of `apparent` m/s whose
 * component against the motion is `headWind` m/s. Actuator disc at the Betz optimum: C_T / C_P = (8/9)/(16/27) = 1.5,
 * so T = 1.5 P_rotor / v.
 */
export function windTurbineThrust(power: number, apparent: number, headWind: number): number {
  if (power <= 0 || apparent <= 0.5) return 0;
  return ((1.5 * power) / (WIND_TURBINE_EFFICIENCY * apparent)) * (headWind / apparent);
}

/** Shaft power (W) from the electrical power into the drive: motor and drive efficiency curves inverted by fixed point. */
export function shaftPowerFromElectrical(p: VesselProfile['propulsion'], electrical: number, efficiencyFactor = 1): number {
  if (electrical <= 0) return 0;
  let motorInput = electrical;
  for (let i = 0; i < 4; i++) {
    motorInput = electrical * Math.min(1, efficiencyFactor * interpolate(p.driveEfficiency, 'load', 'efficiency', motorInput / p.motorRatedPower));
  }
  let shaft = motorInput;
  for (let i = 0; i < 4; i++) {
    shaft = motorInput * Math.min(1, efficiencyFactor * interpolate(p.motorEfficiency, 'load', 'efficiency', shaft / p.motorRatedPower));
  }
  return shaft;
}

/**
 * An engine whose specific consumption is `level` times the declared curve, with the rise towards part load moved
 * by `partLoad` (its value at 25 % load relative to full load; linear in load between, 0 at full load).
 */
function adjustedEngine(e: EngineProfile, level: number, partLoad: number, rating = 1): EngineProfile {
  if (level === 1 && partLoad === 1 && rating === 1) return e;
  const factor = (load: number) => level * (1 + ((partLoad - 1) * (1 - load)) / 0.75);
  const curve = e.fuelCurve.kind === 'points' ? e.fuelCurve : imoAsPoints(e.fuelCurve.sfocBase);
  return {
    ...e,
    ratedPower: e.ratedPower * rating,
    fuelCurve: {
      kind: 'points',
      idleFuelRate: curve.idleFuelRate * factor(0) * rating,
      points: curve.points.map((pt) => ({ ...pt, sfoc: pt.sfoc * factor(pt.load) })),
    },
  };
}

/** IMO eq. 10 as a points curve (10 % steps, zero flow at zero load), so that its shape can be moved like a datasheet's. */
function imoAsPoints(sfocBase: number): Extract<EngineProfile['fuelCurve'], { kind: 'points' }> {
  const points = Array.from({ length: 10 }, (_, i) => (i + 1) / 10).map((load) => ({ load, sfoc: sfocBase * (0.455 * load * load - 0.71 * load + 1.28) }));
  return { kind: 'points', idleFuelRate: 0, points };
}

/** A profile's propulsion chain and conventional twin with the parameters moved by `k`: built once per Monte Carlo draw. */
export interface BaselineModel {
  profile: VesselProfile;
  k: BaselineParameters;
  hybridPropulsor: VesselProfile['propulsion']['propulsor'];
  twin: VesselProfile['conventional'];
  winchEfficiency: number;
}

export function baselineModel(profile: VesselProfile, k: BaselineParameters = NOMINAL): BaselineModel {
  const c = profile.conventional;
  const cap = (x: number) => Math.min(1, x);
  return {
    profile,
    k,
    hybridPropulsor: { ...profile.propulsion.propulsor, qualityFactor: cap(profile.propulsion.propulsor.qualityFactor * k.hybridPropulsorQuality) },
    twin: {
      ...c,
      mainEngine: adjustedEngine(c.mainEngine, k.mainEngineSfoc, k.mainEnginePartLoad),
      auxGenerator: adjustedEngine(c.auxGenerator, k.auxGeneratorSfoc, k.auxGeneratorPartLoad, k.auxGeneratorRating),
      gearboxEfficiency: cap(c.gearboxEfficiency * k.gearAndShaftEfficiency),
      propulsor: {
        ...c.propulsor,
        qualityFactor: cap(c.propulsor.qualityFactor * k.twinPropulsorQuality),
        partLoadLoss: Math.min(0.9, c.propulsor.partLoadLoss * k.twinPartLoadLoss),
      },
      winchDriveEfficiency: cap(c.winchDriveEfficiency * k.hydraulicWinchEfficiency),
      hydraulicStandbyPower: c.hydraulicStandbyPower * k.hydraulicStandby,
    },
    winchEfficiency: cap((profile.winches[0]?.driveEfficiency ?? 1) * k.electricDriveEfficiency),
  };
}

/**
 * METHOD §3, option D: the fuel the conventional twin would burn for the work the hybrid measurably did. The
 * propulsion power becomes shaft power through the hybrid's motor and drive, thrust through its propulsor at the
 * measured speed; the harvesters' drag comes off (the twin has none); winch electrical power becomes
 * mechanical through the winch drives; then the twin's engines run `conventionalOperation` through their fuel maps.
 */
export function conventionalInstant(m: BaselineModel, w: MeasuredWork): BaselineInstant {
  const p = m.profile;
  // Readings are the true values times the meters' factors: the draw divides them out.
  const pm = 1 / m.k.powerMeter;
  const electrical = w.propulsion * pm;
  const shaft = shaftPowerFromElectrical(p.propulsion, electrical, m.k.electricDriveEfficiency);
  const speed = Math.max(0, w.stw / m.k.speedLog);
  const total = shaft > 0 ? propulsorThrust(m.hybridPropulsor, speed, shaft) : 0;
  const hydroSpec = p.harvesters.hydro;
  const hydroDrag = hydroSpec && w.hydro > 0 && speed > 0.1 ? (w.hydro * pm) / (hydroSpec.efficiency * speed) : 0;
  // Neither harvester's drag is the twin's: it has no hydro-generator and no wind turbine (METHOD §5).
  const thrust = Math.max(0, total - hydroDrag - w.windTurbineThrust);
  // Extra shaft power for a drag, at this operating point, turned into electrical power at the drive's ratio.
  const costOf = (without: number) => (shaft > 0 ? ((shaft - propulsorPower(m.hybridPropulsor, speed, without)) * electrical) / shaft : 0);
  const hydroDragCost = hydroDrag > 0 ? costOf(Math.max(0, total - hydroDrag)) : 0;
  const windDragCost = w.windTurbineThrust !== 0 && total > 0 ? costOf(Math.max(0, total - w.windTurbineThrust)) : 0;
  const op = conventionalOperation(m.twin, {
    speed, thrust, winchPower: w.winch * pm * m.winchEfficiency, electricalPower: w.otherElectrical * pm, atSea: w.atSea,
  });
  return { fuelRate: op.fuelRate, thrust, mainPower: op.mainEnginePower, auxPower: op.auxPower, hydroDragCost, windDragCost };
}
