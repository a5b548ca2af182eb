import type { MetierCode } from '../../shared/profile/index.ts';
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
  savings: {
    /** conventional − hybrid, kg. */
    fuel: number;
    /** (conventional − hybrid) / conventional. */
    fraction: number;
  };
  battery: { socStart: number; socEnd: number; energyStart: number; energyEnd: number };
  /** Shore energy drawn, J, and the seconds with every generator set stopped while at sea. */
  shoreEnergy: number;
  generatorRunTime: Record<string, number>;
  silentSecondsAtSea: number;
}
