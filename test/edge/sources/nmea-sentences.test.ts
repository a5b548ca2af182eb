import { describe, expect, it } from 'vitest';
import { NmeaSentenceReader } from '../../../edge/sources/nmea0183/nmea-sentences.ts';
import { fixSentences, instrumentSentences, nmeaChecksum } from '../../../simulators/devices/nmea0183.ts';

const RMC = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
const signed = (body: string) => `$${body}*${nmeaChecksum(body)}`;
const KNOT = 1852 / 3600;
const DEG = Math.PI / 180;
const reader = new NmeaSentenceReader({ rename: { 'propulsion.shaft_1': 'propulsion.main', 'propulsion.engine_1': 'propulsion.gen1', 'propulsion.engine_2': 'propulsion.gen2' } });

function readings(line: string): Record<string, number> {
  const verdict = reader.read(line);
  if (!verdict.ok) throw new Error(`${line}: ${verdict.reason} (${verdict.detail})`);
  return verdict.readings as Record<string, number>;
}

describe('NMEA 0183 sentences, read into registry paths in SI', () => {
  it('RMC: position in degrees, speed in m/s, true course in radians', () => {
    const r = readings(RMC);
    expect(r['navigation.position.latitude']).toBeCloseTo(48 + 7.038 / 60, 9);
    expect(r['navigation.position.longitude']).toBeCloseTo(11 + 31 / 60, 9);
    expect(r['navigation.speedOverGround']).toBeCloseTo(22.4 * KNOT, 5);
    expect(r['navigation.courseOverGroundTrue']).toBeCloseTo(84.4 * DEG, 9);
  });

  it('GGA: southern and western hemispheres as negative degrees', () => {
    const r = readings(signed('GPGGA,092750.000,5321.6802,S,00630.3372,W,1,8,1.03,61.7,M,55.2,M,,'));
    expect(r['navigation.position.latitude']).toBeCloseTo(-(53 + 21.6802 / 60), 9);
    expect(r['navigation.position.longitude']).toBeCloseTo(-(6 + 30.3372 / 60), 9);
  });

  it('VTG: speed over ground and true course', () => {
    const r = readings(signed('GPVTG,054.7,T,034.4,M,005.5,N,010.19,K,A'));
    expect(r['navigation.speedOverGround']).toBeCloseTo(5.5 * KNOT, 2);
    expect(r['navigation.courseOverGroundTrue']).toBeCloseTo(54.7 * DEG, 9);
  });

  it('DPT: depth below the transducer, and below the surface with a positive offset', () => {
    const r = readings(signed('SDDPT,12.3,0.5,'));
    expect(r['environment.depth.belowTransducer']).toBeCloseTo(12.3, 9);
    expect(r['environment.depth.belowSurface']).toBeCloseTo(12.8, 9);
  });

  it('DPT: depth below the keel with a negative offset', () => {
    expect(readings(signed('SDDPT,12.3,-1.5,'))['environment.depth.belowKeel']).toBeCloseTo(10.8, 9);
  });

  it('DBT: depth below the transducer in metres', () => {
    expect(readings(signed('SDDBT,40.4,f,12.3,M,6.7,F'))).toEqual({ 'environment.depth.belowTransducer': 12.3 });
  });

  it('MWV relative: apparent wind speed in m/s and angle from the bow in radians, negative to port', () => {
    const r = readings(signed('WIMWV,315.0,R,12.5,N,A'));
    expect(r['environment.wind.speedApparent']).toBeCloseTo(12.5 * KNOT, 5);
    expect(r['environment.wind.angleApparent']).toBeCloseTo(-45 * DEG, 6);
  });

  it('MWV true: true wind speed and angle over the water', () => {
    const r = readings(signed('WIMWV,090.0,T,10.0,M,A'));
    expect(r['environment.wind.speedTrue']).toBeCloseTo(10, 9);
    expect(r['environment.wind.angleTrueWater']).toBeCloseTo(90 * DEG, 6);
  });

  it('MWD: true wind direction and speed', () => {
    const r = readings(signed('WIMWD,270.0,T,268.0,M,20.0,N,10.3,M'));
    expect(r['environment.wind.directionTrue']).toBeCloseTo(270 * DEG, 6);
    expect(r['environment.wind.speedTrue']).toBeCloseTo(10.3, 9);
  });

  it('HDG: magnetic heading with deviation, and true heading with the variation', () => {
    const r = readings(signed('HCHDG,101.1,,,7.1,W'));
    expect(r['navigation.headingMagnetic']).toBeCloseTo(101.1 * DEG, 6);
    expect(r['navigation.headingTrue']).toBeCloseTo(94 * DEG, 6);
  });

  it('HDT and HDM: true and magnetic heading in radians', () => {
    expect(readings(signed('HEHDT,180.0,T'))['navigation.headingTrue']).toBeCloseTo(Math.PI, 6);
    expect(readings(signed('HCHDM,090.0,M'))['navigation.headingMagnetic']).toBeCloseTo(Math.PI / 2, 6);
  });

  it('RPM: shaft and engine revolutions in Hz, onto the vessel\'s ids by rename', () => {
    expect(readings(signed('ERRPM,S,1,300.0,,A'))).toEqual({ 'propulsion.main.revolutions': 5 });
    expect(readings(signed('ERRPM,E,2,1500.0,,A'))).toEqual({ 'propulsion.gen2.revolutions': 25 });
  });

  it('RPM of an engine the configuration does not name gives nothing', () => {
    expect(reader.read(signed('ERRPM,E,7,1500.0,,A'))).toMatchObject({ ok: false, reason: 'no-value' });
  });

  it('XDR: temperatures in kelvin and pressure in pascals, by transducer name', () => {
    const r = readings(signed('IIXDR,C,12.5,C,TempAir,P,1.0132,B,Barometer,C,9.0,C,TempWater'));
    expect(r['environment.outside.temperature']).toBeCloseTo(285.65, 9);
    expect(r['environment.outside.pressure']).toBeCloseTo(101_320, 6);
    expect(r['environment.water.temperature']).toBeCloseTo(282.15, 9);
  });

  it('XDR: a transducer named in the configuration, and none other', () => {
    const own = new NmeaSentenceReader({ transducers: { ENV_OUTAIR_T: 'environment.outside.temperature' } });
    expect(own.read(signed('IIXDR,C,20.0,C,ENV_OUTAIR_T'))).toMatchObject({ ok: true, readings: { 'environment.outside.temperature': 293.15 } });
    expect(own.read(signed('IIXDR,C,20.0,C,ENGINE_ROOM'))).toMatchObject({ ok: false, reason: 'no-value' });
  });
});

describe('NMEA 0183 sentences refused', () => {
  it('with a wrong checksum', () => {
    expect(reader.read(RMC.replace('*6A', '*6B'))).toMatchObject({ ok: false, reason: 'bad-checksum' });
    expect(reader.read(RMC.replace('022.4', '023.4'))).toMatchObject({ ok: false, reason: 'bad-checksum' });
  });

  it('without a checksum', () => {
    expect(reader.read(RMC.slice(0, RMC.indexOf('*')))).toMatchObject({ ok: false, reason: 'no-checksum' });
  });

  it('without a fix (RMC status V)', () => {
    expect(reader.read(signed('GPRMC,123519,V,,,,,,,230394,,'))).toMatchObject({ ok: false, reason: 'no-value' });
  });

  it('with a value no sensor can show', () => {
    expect(reader.read(signed('SDDPT,-5.0,0,'))).toMatchObject({ ok: false, reason: 'out-of-range' });
  });

  it('of a kind Sillage does not read', () => {
    expect(reader.read(signed('GPXYZ,1,2'))).toMatchObject({ ok: false, reason: 'unsupported', detail: 'GPXYZ' });
    expect(reader.read(signed('AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0'))).toMatchObject({ ok: false, reason: 'unsupported', detail: 'AIVDM: AIS is not read on board' });
  });
});

describe('what the simulator\'s instruments send', () => {
  const fix = { t: Date.UTC(2024, 5, 10, 6), lat: 50.7263, lon: 1.5912, sog: 4.2, cog: 5.9 };
  const instruments = {
    heading: 5.8, apparentWind: { speed: 9.1, angle: -0.7 }, trueWind: { speed: 7.5, direction: 4.4 },
    airTemperature: 288.4, waterTemperature: 286.1, depthBelowTransducer: 38.4, transducerDepth: 1.5,
    shaftRevolutions: 12.5, engineRevolutions: [25, 0],
  };
  const merged = Object.assign({}, ...[...fixSentences(fix), ...instrumentSentences(instruments)].map(readings)) as Record<string, number>;

  it('reads back as the fix it was made from', () => {
    expect(merged['navigation.position.latitude']).toBeCloseTo(fix.lat, 5);
    expect(merged['navigation.position.longitude']).toBeCloseTo(fix.lon, 5);
    expect(merged['navigation.speedOverGround']).toBeCloseTo(fix.sog, 1);
    expect(merged['navigation.courseOverGroundTrue']).toBeCloseTo(fix.cog, 2);
  });

  it('reads back as the instruments it was made from', () => {
    expect(merged['navigation.headingTrue']).toBeCloseTo(instruments.heading, 2);
    expect(merged['environment.wind.speedApparent']).toBeCloseTo(9.1, 6);
    expect(merged['environment.wind.angleApparent']).toBeCloseTo(-0.7, 2);
    expect(merged['environment.wind.directionTrue']).toBeCloseTo(4.4, 2);
    expect(merged['environment.wind.speedTrue']).toBeCloseTo(7.5, 6);
    expect(merged['environment.outside.temperature']).toBeCloseTo(288.4, 1);
    expect(merged['environment.water.temperature']).toBeCloseTo(286.1, 1);
    expect(merged['environment.depth.belowTransducer']).toBeCloseTo(38.4, 6);
    expect(merged['environment.depth.belowSurface']).toBeCloseTo(39.9, 6);
    expect(merged['propulsion.main.revolutions']).toBeCloseTo(12.5, 6);
    expect(merged['propulsion.gen1.revolutions']).toBeCloseTo(25, 6);
    expect(merged['propulsion.gen2.revolutions']).toBe(0);
  });
});
