export * from './vessel-profile.ts';
export { interpolate } from './curves.ts';
export { bestLoad, engineFuelRate, engineMarginalFuelRate, engineSfoc, imoEq10Sfoc } from './diesel.ts';
export { conventionalOperation, type ConventionalOperation, type VesselWork } from './conventional-twin.ts';
export { propulsorPower, propulsorThrust, SEA_WATER_DENSITY } from './propulsor.ts';
export * from './conventional-vessel-profile.ts';
