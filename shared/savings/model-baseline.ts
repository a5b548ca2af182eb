import {
  conventionalOperation, interpolate, propulsorPower, propulsorThrust,
  type EngineProfile, type VesselProfile,
} from '../profile/index.ts';

/**
 * Multipliers on the model baseline's parameters, 1 when nominal: the Monte Carlo of METHOD §4 draws them within
 * their stated tolerances (`constants.ts`).
 */
export interface BaselineParameters {
  sfocMain: number;
  sfocAux: number;
  mechanicalEfficiency: number;
  /** Both propulsors share a disc and a design point, so one factor moves both: their errors largely cancel. */
  propulsorQuality: number;
  hydraulicEfficiency: number;
  electricDriveEfficiency: number;
  hydraulicStandby: number;
  /** Bias of the hybrid's power transducers, multiplying every measured electrical power. */
  powerMeter: number;
}

export const NOMINAL: BaselineParameters = {
  sfocMain: 1, sfocAux: 1, mechanicalEfficiency: 1, propulsorQuality: 1, hydraulicEfficiency: 1,
  electricDriveEfficiency: 1, hydraulicStandby: 1, powerMeter: 1,
};

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

const scaledEngine = (e: EngineProfile, sfoc: number): EngineProfile => (sfoc === 1 ? e : {
  ...e,
  fuelCurve: e.fuelCurve.kind === 'imo-eq10'
    ? { ...e.fuelCurve, sfocBase: e.fuelCurve.sfocBase * sfoc }
    : { ...e.fuelCurve, idleFuelRate: e.fuelCurve.idleFuelRate * sfoc, points: e.fuelCurve.points.map((pt) => ({ ...pt, sfoc: pt.sfoc * sfoc })) },
});

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
    hybridPropulsor: { ...profile.propulsion.propulsor, qualityFactor: cap(profile.propulsion.propulsor.qualityFactor * k.propulsorQuality) },
    twin: {
      ...c,
      mainEngine: scaledEngine(c.mainEngine, k.sfocMain),
      auxGenerator: scaledEngine(c.auxGenerator, k.sfocAux),
      gearboxEfficiency: cap(c.gearboxEfficiency * k.mechanicalEfficiency),
      shaftEfficiency: cap(c.shaftEfficiency * k.mechanicalEfficiency),
      propulsor: { ...c.propulsor, qualityFactor: cap(c.propulsor.qualityFactor * k.propulsorQuality) },
      winchDriveEfficiency: cap(c.winchDriveEfficiency * k.hydraulicEfficiency),
      hydraulicStandbyPower: c.hydraulicStandbyPower * k.hydraulicStandby,
    },
    winchEfficiency: cap((profile.winches[0]?.driveEfficiency ?? 1) * k.electricDriveEfficiency),
  };
}

/**
 * METHOD §3, option D: the fuel the conventional twin would burn for the work the hybrid measurably did. The
 * propulsion power becomes shaft power through the hybrid's motor and drive, thrust through its propulsor at the
 * measured speed; the hydro-generator's drag comes off (the twin has none); winch electrical power becomes
 * mechanical through the winch drives; then the twin's engines run `conventionalOperation` through their fuel maps.
 */
export function conventionalInstant(m: BaselineModel, w: MeasuredWork): BaselineInstant {
  const p = m.profile;
  const pm = m.k.powerMeter;
  const electrical = w.propulsion * pm;
  const shaft = shaftPowerFromElectrical(p.propulsion, electrical, m.k.electricDriveEfficiency);
  const speed = Math.max(0, w.stw);
  const total = shaft > 0 ? propulsorThrust(m.hybridPropulsor, speed, shaft) : 0;
  const hydroSpec = p.harvesters.hydro;
  const hydroDrag = hydroSpec && w.hydro > 0 && speed > 0.1 ? (w.hydro * pm) / (hydroSpec.efficiency * speed) : 0;
  const thrust = Math.max(0, total - hydroDrag);
  // Extra shaft power for a drag, at this operating point, turned into electrical power at the drive's ratio.
  const costOf = (without: number) => (shaft > 0 ? ((shaft - propulsorPower(m.hybridPropulsor, speed, without)) * electrical) / shaft : 0);
  const hydroDragCost = hydroDrag > 0 ? costOf(thrust) : 0;
  const windDragCost = w.windTurbineThrust !== 0 && total > 0 ? costOf(Math.max(0, total - w.windTurbineThrust)) : 0;
  const op = conventionalOperation(m.twin, {
    speed, thrust, winchPower: w.winch * pm * m.winchEfficiency, electricalPower: w.otherElectrical * pm, atSea: w.atSea,
  });
  return { fuelRate: op.fuelRate, thrust, mainPower: op.mainEnginePower, auxPower: op.auxPower, hydroDragCost, windDragCost };
}
