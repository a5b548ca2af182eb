/**
 * Constants of METHOD §2, each with its source. A vessel profile overrides the fuel's density, heating value and
 * carbon factor (`profile.fuel`); these are the defaults and the values the unit tests check against.
 */
export const DIESEL = {
  /** kg/m³ (0.845 kg/L), marine gas oil at 15 °C: EN 590 / ISO 8217 DMA (≤ 890). SI, as the profile's `fuel.density`. */
  density: 845,
  /** t CO2 per t fuel, diesel / gas oil: IMO MEPC.364(79), 2022 CII guidelines, Cf. */
  co2PerFuelMass: 3.206,
  /** MJ/kg, lower heating value of diesel / gas oil: IMO MEPC.364(79). */
  lowerHeatingValueMJPerKg: 42.7,
} as const;

/** g CO2e per kWh of French grid electricity, 2023 production mix: RTE, Bilan électrique 2023. */
export const FRENCH_GRID_CO2E_G_PER_KWH = 32;

/** g/kWh of particulate matter from a high-speed diesel on ≤ 10 ppm sulphur fuel: EMEP/EEA guidebook 2019, 1.A.3.d. */
export const PM_G_PER_KWH = 0.2;

/**
 * Stated tolerances of the model baseline's parameters and of the meters, as half-widths of 95 % intervals
 * (relative unless named otherwise). The Monte Carlo of METHOD §4 draws each as a normal with σ = half-width / 1.96.
 */
export interface ModelTolerances {
  /** Fuel map of the conventional engines: ISO 3046-1 allows +5 % on a declared specific fuel consumption. */
  sfoc: number;
  /** Gearbox and shaft-line efficiency of the conventional drive: catalogue spread 0.96–0.98. */
  mechanicalEfficiency: number;
  /** Quality factor of either propulsor: actuator-disc model against open-water tests, ≈ ±5 %. */
  propulsorQuality: number;
  /** Hydraulic winch drive of the conventional vessel (pump × motor × valves, 0.6–0.7). */
  hydraulicEfficiency: number;
  /** Hybrid's electric motor and drive efficiency curves: IEC 60034-2-1 tolerance on stated efficiency. */
  electricDriveEfficiency: number;
  /** Load-sensing pumps' standby loss: an assumption, so a wide band. */
  hydraulicStandby: number;
  /** Fuel flow meters: ±1 % of reading (positive-displacement marine flow meters). */
  fuelMeter: number;
  /** Power transducers: IEC 61557-12 class 1. */
  powerMeter: number;
}

export const DEFAULT_TOLERANCES: ModelTolerances = {
  sfoc: 0.05,
  mechanicalEfficiency: 0.01,
  propulsorQuality: 0.05,
  hydraulicEfficiency: 0.05,
  electricDriveEfficiency: 0.01,
  hydraulicStandby: 0.5,
  fuelMeter: 0.01,
  powerMeter: 0.01,
};
