import type { SignalGroup } from './signal.ts';

/**
 * Signal K keeps every engine under `propulsion.<id>`, whatever it drives: the diesels of the generator sets
 * appear here beside the electric propulsion motor, and their electrical output under `electrical.generators`.
 */
export const propulsion: SignalGroup = [
  { pattern: 'propulsion.<id>.power', unit: 'W', min: -2e6, max: 2e6, resolution: 1,
    description: 'Electrical power drawn by the propulsion motor drive, negative when regenerating (Sillage extension)',
    signalK: false, equipment: ['motors'] },
  { pattern: 'propulsion.<id>.revolutions', unit: 'Hz', min: 0, max: 100, resolution: 0.01,
    description: 'Shaft or engine speed', signalK: true, equipment: ['motors', 'generators'] },
  { pattern: 'propulsion.<id>.engineLoad', unit: 'ratio', min: 0, max: 1.2, resolution: 0.001,
    description: 'Engine load as a fraction of rated power', signalK: true, equipment: ['generators'] },
  { pattern: 'propulsion.<id>.fuel.rate', unit: 'm3/s', min: 0, max: 0.001, resolution: 1e-9,
    description: 'Fuel flow into the engine', signalK: true, equipment: ['generators'] },
  { pattern: 'propulsion.<id>.runTime', unit: 's', min: 0, max: 1e9, resolution: 1,
    description: 'Engine hours counter', signalK: true, equipment: ['generators'] },
];
