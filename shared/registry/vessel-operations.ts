import type { SignalGroup } from './signal.ts';

/** Codes of `fishing.gear.state`; numbers on the wire, labels for people. */
export const GEAR_STATE = { stowed: 0, shooting: 1, towing: 2, hauling: 3 } as const;
export type GearState = keyof typeof GEAR_STATE;

export const vesselOperations: SignalGroup = [
  { pattern: 'fishing.gear.state', unit: 'enum', min: 0, max: 3, resolution: 1,
    description: 'Fishing gear state (Sillage extension)', signalK: false,
    labels: { 0: 'stowed', 1: 'shooting', 2: 'towing', 3: 'hauling' } },
  { pattern: 'tanks.fuel.<id>.currentLevel', unit: 'ratio', min: 0, max: 1, resolution: 0.0001,
    description: 'Fuel tank level', signalK: true, equipment: ['fuelTanks'] },
];
