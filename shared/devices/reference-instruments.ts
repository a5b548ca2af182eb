/** One reading of an instrument whose text or float output states no step of its own, and the finest it shows. */
export interface InstrumentReading {
  instrument: string;
  /** A registry path (a typo is caught by the test that checks these: it is not in the registry). */
  path: string;
  /** The smallest change it shows, in the registry's SI unit. */
  step: number;
  offset?: number;
  source: string;
}

const KNOT = 1852 / 3600;
const DEGREE = Math.PI / 180;
const UBLOX = 'u-blox M8/F9 receiver description, NMEA 0183 output: latitude ddmm.mmmmm, longitude dddmm.mmmmm, speed x.xxx kn, course x.xx°';

/**
 * The finest instruments Sillage reads through NMEA 0183 text or float registers, against which the registry's
 * resolutions are checked (with every register map and the Victron GX's registers: an integer register's step is
 * its scale). A device finer
 * than these would be rounded, not lost: readings one resolution apart stay apart.
 */
export const REFERENCE_INSTRUMENTS: readonly InstrumentReading[] = [
  { instrument: 'GNSS receiver (NMEA 0183)', path: 'navigation.position.latitude', step: 1e-5 / 60, source: UBLOX },
  { instrument: 'GNSS receiver (NMEA 0183)', path: 'navigation.position.longitude', step: 1e-5 / 60, source: UBLOX },
  { instrument: 'GNSS receiver (NMEA 0183)', path: 'navigation.speedOverGround', step: 0.001 * KNOT, source: UBLOX },
  { instrument: 'GNSS receiver (NMEA 0183)', path: 'navigation.courseOverGroundTrue', step: 0.01 * DEGREE, source: UBLOX },
  { instrument: 'speed log (NMEA 0183 VHW)', path: 'navigation.speedThroughWater', step: 0.01 * KNOT, source: 'NMEA 0183 VHW: speed in knots, two decimals on current logs' },
  { instrument: 'wind sensor (NMEA 0183 MWV)', path: 'environment.wind.speedTrue', step: 0.1 * KNOT, source: 'NMEA 0183 MWV: speed x.x (knots)' },
  { instrument: 'wind sensor (NMEA 0183 MWV)', path: 'environment.wind.directionTrue', step: 0.1 * DEGREE, source: 'NMEA 0183 MWV: angle x.x°' },
  { instrument: 'wind sensor (NMEA 0183 MWV)', path: 'environment.wind.speedApparent', step: 0.1 * KNOT, source: 'NMEA 0183 MWV: speed x.x (knots)' },
  { instrument: 'wind sensor (NMEA 0183 MWV)', path: 'environment.wind.angleApparent', step: 0.1 * DEGREE, source: 'NMEA 0183 MWV: angle x.x°' },
  { instrument: 'wind sensor (NMEA 0183 MWV)', path: 'environment.wind.angleTrueWater', step: 0.1 * DEGREE, source: 'NMEA 0183 MWV: angle x.x°' },
  { instrument: 'satellite compass (NMEA 0183 HDT)', path: 'navigation.headingTrue', step: 0.01 * DEGREE, source: 'NMEA 0183 HDT: heading x.xx° on satellite compasses' },
  { instrument: 'fluxgate compass (NMEA 0183 HDG)', path: 'navigation.headingMagnetic', step: 0.1 * DEGREE, source: 'NMEA 0183 HDG: heading x.x°' },
  { instrument: 'echo sounder (NMEA 0183 DPT)', path: 'environment.depth.belowTransducer', step: 0.01, source: 'NMEA 0183 DPT: depth x.xx m on current sounders' },
  { instrument: 'barometer (NMEA 0183 XDR)', path: 'environment.outside.pressure', step: 1e-5 * 1e5, source: 'NMEA 0183 XDR: pressure x.xxxxx bar' },
  { instrument: 'air temperature (NMEA 0183 XDR)', path: 'environment.outside.temperature', step: 0.1, offset: 273.15, source: 'NMEA 0183 XDR: temperature x.x °C' },
  { instrument: 'sea temperature (NMEA 0183 MTW)', path: 'environment.water.temperature', step: 0.1, offset: 273.15, source: 'NMEA 0183 MTW: temperature x.x °C' },
  { instrument: 'diesel flowmeter (float register)', path: 'propulsion.gen1.fuel.rate', step: 0.01 / 3.6e6, source: 'differential flowmeters display flow to 0.01 L/h (assumed finest; 1 L/h = 1/3.6e6 m³/s)' },
];
