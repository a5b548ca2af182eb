import type { VesselProfile } from '../../shared/profile/index.ts';

type Harvesters = VesselProfile['harvesters'];

/** Horizontal solar array output, W, at irradiance `ghi` W/m². */
export function solarPower(solar: NonNullable<Harvesters['solar']>, ghi: number): number {
  return ghi * solar.area * solar.efficiency;
}

/**
 * Small wind turbine on the apparent wind (METHOD §6): cubic between cut-in and rated, rated to cut-out, else 0.
 * The cubes of its fixed speeds are taken once: the simulator asks every second.
 */
export class WindTurbine {
  private readonly cutInCube: number;
  private readonly cubeSpan: number;

  constructor(private readonly w: NonNullable<Harvesters['wind']>) {
    this.cutInCube = w.cutIn ** 3;
    this.cubeSpan = w.rated ** 3 - w.cutIn ** 3;
  }

  /** Electrical output, W, in an apparent wind of `apparentWind` m/s. */
  power(apparentWind: number): number {
    const w = this.w;
    const v = apparentWind;
    if (v < w.cutIn || v >= w.cutOut) return 0;
    if (v >= w.rated) return w.ratedPower;
    return (w.ratedPower * (v ** 3 - this.cutInCube)) / this.cubeSpan;
  }
}

/** What a hydro-generator gives and costs at one speed: its output, W, and its drag, N. */
export interface HydroYield { readonly power: number; readonly drag: number }

/** Nothing given, nothing cost: out of its speed range, alongside, or on a vessel without one. */
export const NO_HYDRO: HydroYield = { power: 0, drag: 0 };

/**
 * Hydro-generator (METHOD §6): nothing below its start speed, ∝ v³ up to rated, deployed only up to maxDeploySpeed.
 * Its drag P / (η v) is added to the hull's: under power it is paid for by the propulsion. It depends on the speed
 * through water alone, which a leg holds for hours: the yield at the last speed asked is kept.
 */
export class HydroGenerator {
  private readonly startCube: number;
  private readonly cubeSpan: number;
  private lastSpeed = NaN;
  private last = NO_HYDRO;

  constructor(private readonly h: NonNullable<Harvesters['hydro']>) {
    this.startCube = h.startSpeed ** 3;
    this.cubeSpan = h.ratedSpeed ** 3 - h.startSpeed ** 3;
  }

  at(speed: number): HydroYield {
    if (speed !== this.lastSpeed) {
      this.lastSpeed = speed;
      this.last = this.yieldAt(speed);
    }
    return this.last;
  }

  private yieldAt(speed: number): HydroYield {
    const h = this.h;
    if (speed < h.startSpeed || speed > h.maxDeploySpeed) return NO_HYDRO;
    const power = Math.min(h.ratedPower, (h.ratedPower * (speed ** 3 - this.startCube)) / this.cubeSpan);
    return { power, drag: power / (h.efficiency * speed) };
  }
}

/** Onboard wave energy converter: wave power scales with Hs², capped at its rating. */
export function waveConverterPower(w: NonNullable<Harvesters['wave']>, significantHeight: number): number {
  return Math.min(w.ratedPower, w.ratedPower * (significantHeight / w.ratedWaveHeight) ** 2);
}

/** Generator efficiency between rotor and terminals of a small wind turbine. */
const TURBINE_GENERATOR_EFFICIENCY = 0.8;

/**
 * Rotor thrust (N) of a wind turbine yielding `power` W in an apparent wind of `apparent` m/s, along the vessel's
 * heading where the wind's component against the motion is `headWind` m/s. Momentum theory at the Betz optimum
 * (axial induction ⅓): thrust = rotor power / (v (1 − a)) = 1.5 × rotor power / v.
 */
export function turbineThrust(power: number, apparent: number, headWind: number): number {
  if (power <= 0 || apparent <= 0.5) return 0;
  const rotorPower = power / TURBINE_GENERATOR_EFFICIENCY;
  return (rotorPower / (apparent * (1 - 1 / 3))) * (headWind / apparent);
}
