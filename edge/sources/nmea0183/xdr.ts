import type { Delta, ParserInput } from '@signalk/nmea0183-signalk';

/** Transducer names as the Signal K tools write them (signalk-to-nmea0183), so a boat already set up that way needs no mapping. */
export const DEFAULT_TRANSDUCERS: Readonly<Record<string, string>> = {
  TempAir: 'environment.outside.temperature',
  TempWater: 'environment.water.temperature',
  Barometer: 'environment.outside.pressure',
};

/** XDR measurement type and unit letters → SI. Types Sillage has no use for (angles, switches…) are left out. */
const TO_SI: Readonly<Record<string, (value: number) => number>> = {
  'C,C': (celsius) => celsius + 273.15,
  'P,P': (pascal) => pascal,
  'P,B': (bar) => bar * 1e5,
  'H,P': (percent) => percent / 100,
};

/**
 * XDR (transducer measurements): quadruplets of type, value, unit and transducer name, one sentence carrying
 * several sensors. The name says what was measured, so `transducers` maps each name onto a registry path;
 * unnamed sensors give nothing. Written as a custom sentence parser of the Signal K library, which has none for XDR.
 */
export function xdrParser(transducers: Readonly<Record<string, string>>) {
  return ({ parts }: ParserInput): Delta | null => {
    const values: { path: string; value: number }[] = [];
    for (let i = 0; i + 3 < parts.length; i += 4) {
      const [type, raw, unit, name] = parts.slice(i, i + 4);
      const path = name === undefined ? undefined : transducers[name];
      const convert = TO_SI[`${type},${unit}`];
      if (!path || !convert || raw === undefined || !/^-?\d+(\.\d+)?$/.test(raw)) continue;
      values.push({ path, value: convert(Number(raw)) });
    }
    return values.length > 0 ? { updates: [{ values }] } : null;
  };
}
