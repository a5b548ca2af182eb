import { interpolate } from '../../shared/profile/curves.ts';
import type { MetierCode, VesselProfile } from '../../shared/profile/vessel-profile.ts';
import type { EngineMap } from '../world/engine-map.ts';
import type { Phase } from './trip-plan.ts';

/** What really happened on one trip, known only to the simulator: the yardstick the evidence engine is judged by. */
export interface TripTruth {
  vessel: string;
  metier: MetierCode;
  seed: number;
  /** 0 for the first trip of a run. */
  tripIndex: number;
  /** Epoch ms: the trip begins alongside before departure and ends alongside after landing. */
  start: number;
  end: number;
  /** Each phase with the fuel (kg) the hybrid and its twin burnt in it: where the savings are made. */
  phases: { phase: Phase; start: number; end: number; fuel: { hybrid: number; conventional: number } }[];
  /** Energy in joules, integrated at the simulator's 1 s step. */
  energy: {
    sources: { generators: Record<string, number>; solar: number; wind: number; hydro: number; wave: number; shore: number; batteryDischarge: number };
    loads: { propulsion: number; winch: number; hotel: number; stabiliser: number; batteryCharge: number };
    /** Heat in the battery (ohmic and coulombic), J. */
    batteryLosses: number;
    /** Harvest nothing could take (battery full), J: not counted among the sources. */
    curtailed: number;
    /** Extra propulsion electrical energy the hydro-generator's drag cost, J (METHOD §5: its net yield is gross − this). */
    hydroDragCost: number;
    /**
     * Propulsion electrical energy the wind turbine's rotor thrust cost, J: negative when it pushed, running before
     * the wind. Its net yield is gross − this (METHOD §5).
     */
    windDragCost: number;
    /** Output of the conventional twin's engines on the same trip, J: brake work of the main engine, electrical of the auxiliary set. */
    conventional: { mainEngine: number; auxiliary: number };
  };
  /** Fuel in kg. */
  fuel: {
    hybrid: number;
    hybridByGenerator: Record<string, number>;
    /** What the conventional twin burnt doing the same work on the same trip, second by second. */
    conventional: number;
    conventionalMainEngine: number;
    conventionalAuxiliary: number;
    density: number;
  };
  /**
   * The true saving of the voyage, casting off to tying up (METHOD §5): conventional − hybrid − the fuel the battery's
   * change of charge is worth, over conventional. Time alongside is not in it.
   */
  savings: {
    /** kg. */
    fuel: number;
    fraction: number;
    /** The fuel burnt alone, the battery's change counted free. */
    fuelOnlyFraction: number;
    /** Fuel the change of stored energy is worth, kg (positive when drawn down), and what it was valued at. */
    batteryFuelEquivalent: number;
    /** The sets' true marginal consumption over the voyage, kg/J; stored over drawn energy when charging. */
    marginalFuelRate: number;
    chargeEfficiency: number;
  };
  /** Casting off to tying up: epoch ms, fuel (kg), stored battery energy (J), the sets' energy and its marginal cost. */
  voyage: {
    departure: number | null; arrival: number | null;
    /** `control`: what a trial's control vessel would have burnt doing the same work, when one was simulated beside. */
    fuel: { hybrid: number; conventional: number; control?: number };
    battery: { energyDeparture: number; energyArrival: number };
    generation: { energy: number; marginalFuel: number };
    shoreEnergy: number;
  };
  /** Alongside, before departure and after landing: belongs to no voyage. */
  port: { seconds: number; shoreEnergy: number; hybridFuel: number; conventionalFuel: number };
  battery: { socStart: number; socEnd: number; energyStart: number; energyEnd: number };
  /** Shore energy drawn, J, and the seconds with every generator set stopped while at sea. */
  shoreEnergy: number;
  generatorRunTime: Record<string, number>;
  silentSecondsAtSea: number;
}

/**
 * Stored over drawn energy charging at half the rated capacity, in this battery: coulombic efficiency times the
 * open-circuit voltage at half charge over the terminal voltage with both Thevenin resistances in series.
 */
function trueChargeEfficiency(battery: VesselProfile['battery']): number {
  const ocv = interpolate(battery.ocv, 'soc', 'voltage', 0.5);
  return battery.coulombicEfficiency * (ocv / (ocv + 0.5 * battery.cellCapacity * (battery.r0 + battery.r1)));
}

/**
 * Settles a trip's true saving once it has ended. The battery's change is valued at what the sets' energy really
 * cost at the margin over the voyage (or at the charging load, if no set ran), its recharge losses included.
 */
export function closeVoyage(truth: TripTruth, profile: VesselProfile, generators: readonly EngineMap[], hours: readonly number[]): void {
  const v = truth.voyage;
  const chargeLoad = profile.energyManagement.chargingLoad;
  const marginal = v.generation.energy > 0
    ? v.generation.marginalFuel / v.generation.energy
    : Math.min(...generators.map((g, i) => g.marginalRate(chargeLoad * g.ratedPower, hours[i])));
  const efficiency = trueChargeEfficiency(profile.battery);
  const change = v.battery.energyArrival - v.battery.energyDeparture;
  const battery = change < 0 ? (-change * marginal) / efficiency : -change * marginal * efficiency;
  const fuelOnly = v.fuel.conventional - v.fuel.hybrid;
  truth.savings = {
    fuel: fuelOnly - battery,
    fraction: v.fuel.conventional > 0 ? (fuelOnly - battery) / v.fuel.conventional : 0,
    fuelOnlyFraction: v.fuel.conventional > 0 ? fuelOnly / v.fuel.conventional : 0,
    batteryFuelEquivalent: battery,
    marginalFuelRate: marginal,
    chargeEfficiency: efficiency,
  };
}
