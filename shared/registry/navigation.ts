import type { SignalGroup } from './signal.ts';

export const navigation: SignalGroup = [
  { pattern: 'navigation.position.latitude', unit: 'deg', min: -90, max: 90, resolution: 1e-8,
    description: 'Latitude (Signal K position object, flattened)', signalK: true },
  { pattern: 'navigation.position.longitude', unit: 'deg', min: -180, max: 180, resolution: 1e-8,
    description: 'Longitude (Signal K position object, flattened)', signalK: true },
  { pattern: 'navigation.speedOverGround', unit: 'm/s', min: 0, max: 30, resolution: 0.0001,
    description: 'Speed over ground', signalK: true },
  { pattern: 'navigation.speedThroughWater', unit: 'm/s', min: 0, max: 30, resolution: 0.001,
    description: 'Speed through water', signalK: true },
  { pattern: 'navigation.courseOverGroundTrue', unit: 'rad', min: 0, max: 2 * Math.PI, resolution: 0.00001,
    description: 'Course over ground, true', signalK: true },
  { pattern: 'navigation.headingTrue', unit: 'rad', min: 0, max: 2 * Math.PI, resolution: 0.00001,
    description: 'Heading of the bow, true', signalK: true },
  { pattern: 'navigation.headingMagnetic', unit: 'rad', min: 0, max: 2 * Math.PI, resolution: 0.00001,
    description: 'Heading of the bow, magnetic', signalK: true },
];
