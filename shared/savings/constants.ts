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
