import type { SignalGroup } from './signal.ts';

export const environment: SignalGroup = [
  { pattern: 'environment.wind.speedTrue', unit: 'm/s', min: 0, max: 80, resolution: 0.01,
    description: 'True wind speed', signalK: true },
  { pattern: 'environment.wind.directionTrue', unit: 'rad', min: 0, max: 2 * Math.PI, resolution: 0.0001,
    description: 'True wind direction (where it blows from)', signalK: true },
  { pattern: 'environment.outside.temperature', unit: 'K', min: 233.15, max: 333.15, resolution: 0.01,
    description: 'Outside air temperature', signalK: true },
  { pattern: 'environment.water.temperature', unit: 'K', min: 268.15, max: 313.15, resolution: 0.01,
    description: 'Sea water temperature', signalK: true },
  { pattern: 'environment.water.waves.significantHeight', unit: 'm', min: 0, max: 20, resolution: 0.01,
    description: 'Significant wave height (Sillage extension)', signalK: false },
  { pattern: 'environment.outside.cloudCover', unit: 'ratio', min: 0, max: 1, resolution: 0.01,
    description: 'Cloud cover, fraction of the sky (Sillage extension; 1 okta = 1/8)', signalK: false },
  { pattern: 'environment.inside.wheelhouse.noiseLevel', unit: 'dBA', min: 20, max: 140, resolution: 0.1,
    description: 'A-weighted sound level in the wheelhouse (Sillage extension)', signalK: false },
];
