import { DIESEL, FRENCH_GRID_CO2E_G_PER_KWH } from './constants.ts';

/** Fuel mass (kg) of a volume (m³) at a density (kg/m³; 845 for marine gas oil). */
export function fuelMassKg(volumeM3: number, density: number = DIESEL.density): number {
  return volumeM3 * density;
}

/** Fuel volume (L) of a mass (kg) at a density (kg/m³). */
export function fuelLitres(massKg: number, density: number = DIESEL.density): number {
  return (massKg / density) * 1000;
}

/** CO2 (kg) from burning `massKg` of fuel: mass × Cf (IMO MEPC.364(79), 3.206 t/t for diesel / gas oil). */
export function fuelCo2Kg(massKg: number, co2PerFuelMass: number = DIESEL.co2PerFuelMass): number {
  return massKg * co2PerFuelMass;
}

/** Chemical energy (J) in `massKg` of fuel at its lower heating value (IMO MEPC.364(79), 42.7 MJ/kg). */
export function fuelEnergyJ(massKg: number, lhvMJPerKg: number = DIESEL.lowerHeatingValueMJPerKg): number {
  return massKg * lhvMJPerKg * 1e6;
}

/** CO2e (kg) of `energyJ` of shore electricity at a grid factor in g/kWh (RTE 2023: 32 g/kWh). */
export function gridCo2eKg(energyJ: number, gPerKWh: number = FRENCH_GRID_CO2E_G_PER_KWH): number {
  return (energyJ / 3.6e6) * gPerKWh / 1000;
}
