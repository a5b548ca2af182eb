import type { SignalPath } from '../../../shared/registry/index.ts';

export type NmeaReading = Partial<Record<SignalPath, number>>;

export type NmeaVerdict =
  | { readonly ok: true; readonly readings: NmeaReading }
  | { readonly ok: false; readonly reason: 'no-checksum' | 'bad-checksum' | 'malformed' | 'no-fix' | 'unsupported'; readonly detail: string };

const MS_PER_KNOT = 1852 / 3600;
const SENTENCE = /^[$!]([A-Z]{2})([A-Z]{3}),(.*)\*([0-9A-Fa-f]{2})$/;

function checksum(body: string): number {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x;
}

/** `ddmm.mmmm` (or `dddmm.mmmm`) and a hemisphere letter → signed decimal degrees. */
function angle(field: string | undefined, hemisphere: string | undefined, degreeDigits: 2 | 3, negative: 'S' | 'W'): number | undefined {
  if (!field || !hemisphere || !new RegExp(`^\\d{${degreeDigits + 2}}(\\.\\d+)?$`).test(field)) return undefined;
  const degrees = Number(field.slice(0, degreeDigits));
  const minutes = Number(field.slice(degreeDigits));
  if (minutes >= 60) return undefined;
  const value = degrees + minutes / 60;
  if (hemisphere === negative) return -value;
  return hemisphere === (negative === 'S' ? 'N' : 'E') ? value : undefined;
}

function number(field: string | undefined): number | undefined {
  if (field === undefined || field === '' || !/^-?\d+(\.\d+)?$/.test(field)) return undefined;
  return Number(field);
}

const radians = (deg: number) => (((deg % 360) + 360) % 360) * (Math.PI / 180);

function position(out: NmeaReading, lat: number | undefined, lon: number | undefined): boolean {
  if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return false;
  out['navigation.position.latitude' as SignalPath] = lat;
  out['navigation.position.longitude' as SignalPath] = lon;
  return true;
}

function motion(out: NmeaReading, knots: number | undefined, courseDeg: number | undefined): void {
  if (knots !== undefined && knots >= 0) out['navigation.speedOverGround' as SignalPath] = knots * MS_PER_KNOT;
  if (courseDeg !== undefined && courseDeg >= 0 && courseDeg <= 360) out['navigation.courseOverGroundTrue' as SignalPath] = radians(courseDeg);
}

/**
 * One NMEA 0183 sentence (IEC 61162-1) → registry paths in SI units: RMC and GGA give the position, RMC and VTG
 * speed (knots → m/s) and true course (degrees → radians). The checksum is required and verified; a sentence
 * from a receiver without a fix (RMC status V, GGA quality 0, VTG mode N) gives nothing.
 */
export function parseNmeaSentence(line: string): NmeaVerdict {
  const text = line.trim();
  if (!/^[$!]/.test(text) || !text.includes('*')) return { ok: false, reason: 'no-checksum', detail: text.slice(0, 82) };
  const match = SENTENCE.exec(text);
  if (!match) return { ok: false, reason: 'malformed', detail: text.slice(0, 82) };
  const [, talker, type, rest, sum] = match as unknown as [string, string, string, string, string];
  const body = `${talker}${type},${rest}`;
  if (checksum(body) !== parseInt(sum, 16)) {
    return { ok: false, reason: 'bad-checksum', detail: `${type}: *${sum.toUpperCase()} but the sentence sums to ${checksum(body).toString(16).toUpperCase().padStart(2, '0')}` };
  }
  const f = rest.split(',');
  const out: NmeaReading = {};
  switch (type) {
    case 'RMC': {
      if (f[1] !== 'A') return { ok: false, reason: 'no-fix', detail: `RMC status ${f[1] ?? ''}` };
      if (!position(out, angle(f[2], f[3], 2, 'S'), angle(f[4], f[5], 3, 'W'))) return { ok: false, reason: 'malformed', detail: 'RMC position' };
      motion(out, number(f[6]), number(f[7]));
      return { ok: true, readings: out };
    }
    case 'GGA': {
      if (f[5] === undefined || f[5] === '' || f[5] === '0') return { ok: false, reason: 'no-fix', detail: `GGA quality ${f[5] ?? ''}` };
      if (!position(out, angle(f[1], f[2], 2, 'S'), angle(f[3], f[4], 3, 'W'))) return { ok: false, reason: 'malformed', detail: 'GGA position' };
      return { ok: true, readings: out };
    }
    case 'VTG': {
      if (f[8] === 'N') return { ok: false, reason: 'no-fix', detail: 'VTG mode N' };
      motion(out, number(f[4]), number(f[0]));
      return Object.keys(out).length > 0 ? { ok: true, readings: out } : { ok: false, reason: 'malformed', detail: 'VTG without speed or course' };
    }
    default:
      return { ok: false, reason: 'unsupported', detail: `${talker}${type}` };
  }
}
