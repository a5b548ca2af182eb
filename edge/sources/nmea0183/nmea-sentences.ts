import { Parser, type ParserOptions } from '@signalk/nmea0183-signalk';
import type { SignalPath } from '../../../shared/registry/index.ts';
import { readDelta } from '../signalk/signalk-deltas.ts';
import { DEFAULT_TRANSDUCERS, xdrParser } from './xdr.ts';

export type NmeaReading = Partial<Record<SignalPath, number>>;

export const NMEA_REJECT_REASONS = ['no-checksum', 'bad-checksum', 'malformed', 'overlong', 'unsupported', 'no-value', 'out-of-range'] as const;
export type NmeaRejectReason = (typeof NMEA_REJECT_REASONS)[number];

export type NmeaVerdict =
  | { readonly ok: true; readonly readings: NmeaReading }
  | { readonly ok: false; readonly reason: NmeaRejectReason; readonly detail: string };

export interface NmeaSentenceOptions {
  /** Path prefixes renamed onto the vessel's ids: RPM gives `propulsion.engine_<n>` and `propulsion.shaft_<n>`. */
  rename?: Readonly<Record<string, string>>;
  /** XDR transducer names → registry paths, beside the Signal K tools' usual names. */
  transducers?: Readonly<Record<string, string>>;
}

const SENTENCE = /^[$!]([A-Z0-9]{5,6}),(.*)\*([0-9A-Fa-f]{2})$/;

/**
 * AIS messages (other ships) are not the vessel's own telemetry, and the edge bundle leaves out the Signal K schema
 * the parser's AIS hook needs (9 MB on board): they are refused before the parser sees them.
 */
const AIS = new Set(['VDM', 'VDO']);

function checksum(body: string): number {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x;
}

/**
 * Reads NMEA 0183 sentences (IEC 61162-1) into registry paths in SI units with Signal K's own parser
 * (@signalk/nmea0183-signalk): Sillage's paths are Signal K's, so its deltas map onto the registry as they are.
 * The checksum is required and verified here first, so that a sentence without one is refused, not trusted;
 * values the registry does not know (satellites, date) or that are out of range are left out.
 */
export class NmeaSentenceReader {
  private readonly parser: Parser;
  private readonly rename: Readonly<Record<string, string>>;

  constructor(options: NmeaSentenceOptions = {}) {
    this.rename = options.rename ?? {};
    const xdr = xdrParser({ ...DEFAULT_TRANSDUCERS, ...options.transducers });
    // The library's own way to add a sentence it does not know (Signal K server plugins use it).
    const parserOptions: ParserOptions = {
      validateChecksum: true,
      onPropertyValues: (name, register) => {
        if (name === 'nmea0183sentenceParser') register([{ value: { sentence: 'XDR', parser: xdr } }]);
      },
    };
    this.parser = new Parser(parserOptions);
  }

  read(line: string): NmeaVerdict {
    const text = line.trim();
    if (!/^[$!]/.test(text) || !text.includes('*')) return { ok: false, reason: 'no-checksum', detail: text.slice(0, 82) };
    const match = SENTENCE.exec(text);
    if (!match) return { ok: false, reason: 'malformed', detail: text.slice(0, 82) };
    const [, header, rest, sum] = match as unknown as [string, string, string, string];
    const computed = checksum(`${header},${rest}`);
    if (computed !== parseInt(sum, 16)) {
      return { ok: false, reason: 'bad-checksum', detail: `${header}: *${sum.toUpperCase()} but the sentence sums to ${computed.toString(16).toUpperCase().padStart(2, '0')}` };
    }
    const type = header.slice(-3);
    if (AIS.has(type)) return { ok: false, reason: 'unsupported', detail: `${header}: AIS is not read on board` };
    if (!(type in this.parser.hooks)) return { ok: false, reason: 'unsupported', detail: header };
    let delta: unknown;
    try {
      delta = this.parser.parse(text);
    } catch (err) {
      return { ok: false, reason: 'malformed', detail: `${header}: ${(err as Error).message.slice(0, 120)}` };
    }
    const read = delta ? readDelta(delta, undefined, this.rename) : undefined;
    if (read && read.values.length > 0) return { ok: true, readings: Object.fromEntries(read.values) as NmeaReading };
    if (read && read.rejected.length > 0) return { ok: false, reason: 'out-of-range', detail: `${header}: ${read.rejected.slice(0, 3).join(', ')}` };
    // No fix (RMC status V, GGA quality 0), empty fields, an engine or transducer the configuration does not name.
    return { ok: false, reason: 'no-value', detail: `${header}: nothing Sillage records` };
  }
}
