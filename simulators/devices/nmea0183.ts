/** NMEA 0183 checksum: XOR of every character between `$` and `*`, two upper-case hex digits. */
export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

const sentence = (body: string) => `$${body}*${nmeaChecksum(body)}\r\n`;

/** What a GNSS receiver knows at one instant (SI in, NMEA units out). */
export interface Fix {
  t: number;
  lat: number;
  lon: number;
  /** m/s */
  sog: number;
  /** rad true */
  cog: number;
}

const KNOTS_PER_MS = 3600 / 1852;

function latField(lat: number): string {
  const a = Math.abs(lat);
  const deg = Math.floor(a);
  return `${String(deg).padStart(2, '0')}${((a - deg) * 60).toFixed(4).padStart(7, '0')},${lat >= 0 ? 'N' : 'S'}`;
}

function lonField(lon: number): string {
  const a = Math.abs(lon);
  const deg = Math.floor(a);
  return `${String(deg).padStart(3, '0')}${((a - deg) * 60).toFixed(4).padStart(7, '0')},${lon >= 0 ? 'E' : 'W'}`;
}

function timeField(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${String(Math.floor(d.getUTCMilliseconds() / 10)).padStart(2, '0')}`;
}

const courseDeg = (cog: number) => ((((cog * 180) / Math.PI) % 360) + 360) % 360;

/** RMC, VTG and GGA for one fix, each with its checksum and CR LF, as a GNSS receiver talks them (talker GP). */
export function fixSentences(fix: Fix): string[] {
  const d = new Date(fix.t);
  const p = (n: number) => String(n).padStart(2, '0');
  const date = `${p(d.getUTCDate())}${p(d.getUTCMonth() + 1)}${p(d.getUTCFullYear() % 100)}`;
  const kn = (fix.sog * KNOTS_PER_MS).toFixed(1);
  const kmh = (fix.sog * 3.6).toFixed(1);
  const cog = courseDeg(fix.cog).toFixed(1);
  return [
    sentence(`GPRMC,${timeField(d)},A,${latField(fix.lat)},${lonField(fix.lon)},${kn},${cog},${date},,,A`),
    sentence(`GPVTG,${cog},T,,M,${kn},N,${kmh},K,A`),
    sentence(`GPGGA,${timeField(d)},${latField(fix.lat)},${lonField(fix.lon)},1,09,0.9,12.0,M,47.0,M,,`),
  ];
}

/** What the other instruments on the NMEA network know at one instant, in SI. */
export interface Instruments {
  /** Bow's heading, rad true. */
  heading: number;
  /** Wind over the moving vessel, m/s, and its angle from the bow, rad, negative to port. */
  apparentWind: { speed: number; angle: number };
  /** True wind, m/s, and where it blows from, rad true. */
  trueWind: { speed: number; direction: number };
  /** K */
  airTemperature: number;
  waterTemperature: number;
  /** Echo sounder: water below its transducer, m, and the transducer's depth below the waterline, m. */
  depthBelowTransducer: number;
  transducerDepth: number;
  /** Propeller shaft (shaft 1), Hz, when known. */
  shaftRevolutions?: number;
  /** Each diesel engine (engine 1, 2, …), Hz. */
  engineRevolutions: readonly number[];
}

const degrees = (rad: number) => (rad * 180) / Math.PI;

/**
 * HDT (gyro or satellite compass), MWV relative and MWD (wind instrument), RPM for the shaft and each engine
 * (engine monitoring) and XDR for the air and sea temperatures (with the transducer names Signal K's tools use),
 * each with its checksum and CR LF.
 */
export function instrumentSentences(i: Instruments): string[] {
  const out: string[] = [];
  out.push(sentence(`HEHDT,${courseDeg(i.heading).toFixed(1)},T`));
  const awa = ((degrees(i.apparentWind.angle) % 360) + 360) % 360;
  out.push(sentence(`WIMWV,${awa.toFixed(1)},R,${i.apparentWind.speed.toFixed(1)},M,A`));
  const twd = courseDeg(i.trueWind.direction).toFixed(1);
  out.push(sentence(`WIMWD,${twd},T,,M,${(i.trueWind.speed * KNOTS_PER_MS).toFixed(1)},N,${i.trueWind.speed.toFixed(1)},M`));
  // DPT's offset is positive from the transducer up to the waterline: the receiver adds it for the depth below the surface.
  out.push(sentence(`SDDPT,${i.depthBelowTransducer.toFixed(1)},${i.transducerDepth.toFixed(1)},`));
  if (i.shaftRevolutions !== undefined) out.push(sentence(`ERRPM,S,1,${(i.shaftRevolutions * 60).toFixed(1)},,A`));
  i.engineRevolutions.forEach((hz, k) => out.push(sentence(`ERRPM,E,${k + 1},${(hz * 60).toFixed(1)},,A`)));
  const celsius = (k: number) => (k - 273.15).toFixed(2);
  out.push(sentence(`IIXDR,C,${celsius(i.airTemperature)},C,TempAir,C,${celsius(i.waterTemperature)},C,TempWater`));
  return out;
}
