import { engineFuelRate } from './diesel.ts';
import { propulsorPower } from './propulsor.ts';
import type { ConventionalProfile } from './vessel-profile.ts';

/** The work a vessel does in one instant, independent of how it is powered: what both the hybrid and its twin must deliver. */
export interface VesselWork {
  /** Speed through water, m/s. */
  speed: number;
  /** Total resistance of hull, gear, waves and wind, N: the thrust the propulsor must deliver. */
  thrust: number;
  /** Mechanical power at the winch drums, W. */
  winchPower: number;
  /** Electrical consumers other than propulsion and winches (hotel, stabiliser), W. */
  electricalPower: number;
  /** At sea the main engine runs, at least idling; alongside it is stopped. */
  atSea: boolean;
}

export interface ConventionalOperation {
  /** Brake power of the main engine (propeller through gearbox and shaft, hydraulic winch pumps on its power take-off), W. */
  mainEnginePower: number;
  /** Electrical output of the auxiliary generator set, W. */
  auxPower: number;
  /** Power drawn from shore, W (only if the twin is modelled with a shore connection). */
  shorePower: number;
  mainFuelRate: number;
  auxFuelRate: number;
  /** Total fuel mass flow, kg/s. */
  fuelRate: number;
}

/**
 * The conventional twin of METHOD §3 (option D): a main engine driving the propeller directly through gearbox and
 * shaft and the hydraulic winch pumps from its power take-off, and an auxiliary set carrying the electrical loads.
 * The simulator integrates this second by second for ground truth; the savings engine calls the same function.
 */
export function conventionalOperation(twin: ConventionalProfile, work: VesselWork): ConventionalOperation {
  const propellerShaft = propulsorPower(twin.propulsor, work.speed, work.thrust);
  const mainEnginePower = work.atSea
    ? propellerShaft / (twin.gearboxEfficiency * twin.shaftEfficiency)
      + twin.hydraulicStandbyPower + work.winchPower / twin.winchDriveEfficiency
    : 0;
  const onShore = !work.atSea && twin.shorePowerInPort;
  const auxPower = onShore ? 0 : work.electricalPower;
  const main = twin.mainEngine;
  const aux = twin.auxGenerator;
  const mainFuelRate = work.atSea ? engineFuelRate(main.fuelCurve, main.ratedPower, mainEnginePower) : 0;
  const auxFuelRate = auxPower > 0 ? engineFuelRate(aux.fuelCurve, aux.ratedPower, auxPower) : 0;
  return {
    mainEnginePower,
    auxPower,
    shorePower: onShore ? work.electricalPower : 0,
    mainFuelRate,
    auxFuelRate,
    fuelRate: mainFuelRate + auxFuelRate,
  };
}
