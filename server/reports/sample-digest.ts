import { hash } from 'node:crypto';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import type { SampleRows } from '../store/port.ts';

export const HOUR_MS = 3_600_000;

/**
 * The digest of a set of samples: the sum, modulo 2^256, of the SHA-256 of each sample's record (read as a
 * big-endian integer, see SampleDigester), with how many samples and values it covers. A sum does not depend on the order the samples
 * were added in, so that the digest of an hour can be kept up to date batch by batch as data is stored, and one
 * of a day is the sum of its hours'.
 */
export interface SampleDigest {
  /** 32 bytes. */
  readonly sum: Buffer;
  samples: number;
  values: number;
  /** The first and last sample time it covers (ms), null when it covers none. */
  tMin: number | null;
  tMax: number | null;
}

export function emptyDigest(): SampleDigest {
  return { sum: Buffer.alloc(32), samples: 0, values: 0, tMin: null, tMax: null };
}

/** Adds `b` into `a` (a's sum is changed in place). */
export function addDigest(a: SampleDigest, b: SampleDigest): SampleDigest {
  addSum(a.sum, b.sum);
  a.samples += b.samples;
  a.values += b.values;
  if (b.tMin !== null && (a.tMin === null || b.tMin < a.tMin)) a.tMin = b.tMin;
  if (b.tMax !== null && (a.tMax === null || b.tMax > a.tMax)) a.tMax = b.tMax;
  return a;
}

/** target += addend, modulo 2^256, both 32 bytes big-endian. */
export function addSum(target: Buffer, addend: Buffer): void {
  let carry = 0;
  for (let i = 28; i >= 0; i -= 4) {
    const s = target.readUInt32BE(i) + addend.readUInt32BE(i) + carry;
    target.writeUInt32BE(s >>> 0, i);
    carry = s > 0xffffffff ? 1 : 0;
  }
}

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/** Records whose SHA-256 words are added up before their carries are taken: each word is below 2^32, so 2^20 of them stay exact in a double. */
const ROWS_PER_FOLD = 1 << 20;

/**
 * Adds samples of one vessel to a digest, each by the SHA-256 of its record: the SHA-256 of its paths in ASCII
 * order joined by "\n" (32 bytes), the vessel id (UTF-8), a zero byte, then its time in epoch ms and its values
 * in that path order, each an IEEE-754 double, big-endian. Binary rather than text: writing 80 numbers as
 * decimals cost more than all the rest of reading a season back. A sample without values is not stored, so not
 * digested. Callers give each instant once: what the store keeps of it (see `mergeInstants`).
 */
export class SampleDigester {
  private keys: readonly string[] = [];
  private sorted: readonly string[] = [];
  private ordered = true;
  private record = Buffer.alloc(0);
  private view = new DataView(this.record.buffer);
  private readonly head: Buffer;
  /** The 8 big-endian words of the SHA-256 added since the last fold, without carries (see ROWS_PER_FOLD). */
  private readonly words = new Float64Array(8);
  /** Records whose words are in `words`. */
  private unfolded = 0;

  constructor(vessel: VesselId) {
    this.head = Buffer.from(`${vessel}\0`, 'utf8');
  }

  add(digest: SampleDigest, sample: TelemetrySample): void {
    const own = Object.keys(sample.v);
    if (own.length === 0) return;
    // Consecutive samples mostly carry the same paths in the same order: the record's frame is made again only when they change.
    if (!sameKeys(own, this.keys)) {
      const sorted = [...own].sort();
      this.frame(sorted);
      this.keys = own;
      this.ordered = sameKeys(own, sorted);
    }
    let at = 40 + this.head.length;
    // Stores answer paths in name order: then the values are taken in one pass, without a lookup per path.
    if (this.ordered) for (const x of Object.values(sample.v)) { this.view.setFloat64(at, x); at += 8; }
    else for (const path of this.sorted) { this.view.setFloat64(at, (sample.v as Record<string, number>)[path]!); at += 8; }
    this.addRecord(digest, sample.t);
    this.fold(digest);
  }

  /**
   * Adds a store's rows as `add` adds the samples they make, read straight from the answer's cells: reading a
   * season back spent more on an object of 80 keys per instant than on its SHA-256.
   */
  addRows(digest: SampleDigest, { paths, cells, rows }: SampleRows): void {
    if (cells.length === 0) return;
    const full = 40 + this.head.length + 8 * cells.length;
    for (const row of rows) {
      if (paths !== this.sorted) this.frame(paths);
      let at = 40 + this.head.length;
      for (const cell of cells) {
        const x = row[cell];
        if (typeof x !== 'number') break;
        this.view.setFloat64(at, x);
        at += 8;
      }
      // A row without some paths' values has a record of its own: made again from its start.
      if (at < full && !this.partial(paths, cells, row)) continue;
      this.addRecord(digest, row[0] as number);
      if (this.unfolded === ROWS_PER_FOLD) this.fold(digest);
    }
    this.fold(digest);
  }

  /** Writes the record of a row lacking some paths' values; false when it has none, so no record. */
  private partial(paths: readonly string[], cells: readonly number[], row: ArrayLike<unknown>): boolean {
    const present = cells.flatMap((cell, k) => (typeof row[cell] === 'number' ? [k] : []));
    if (present.length === 0) return false;
    this.frame(present.map((k) => paths[k]!));
    let at = 40 + this.head.length;
    for (const k of present) {
      this.view.setFloat64(at, row[cells[k]!] as number);
      at += 8;
    }
    return true;
  }

  /** The record's frame for samples carrying `sorted` (paths in ASCII order), unless it is the one made last. */
  private frame(sorted: readonly string[]): void {
    if (sameKeys(sorted, this.sorted)) {
      this.sorted = sorted;
      return;
    }
    this.sorted = sorted;
    this.keys = [];
    this.record = Buffer.alloc(40 + this.head.length + 8 * sorted.length);
    this.view = new DataView(this.record.buffer, this.record.byteOffset, this.record.length);
    hash('sha256', sorted.join('\n'), 'buffer').copy(this.record, 0);
    this.head.copy(this.record, 32);
  }

  /**
   * Hashes the record written for time `t` and adds it to the words and the digest's counts. The SHA-256 is
   * taken as a 'binary' (latin1) string, whose 32 characters are its bytes: half the cost of a Buffer, whose memory each
   * record would allocate and free.
   */
  private addRecord(digest: SampleDigest, t: number): void {
    this.view.setFloat64(32 + this.head.length, t);
    const h = hash('sha256', this.record, 'binary');
    for (let w = 0; w < 8; w++) {
      this.words[w]! += ((h.charCodeAt(4 * w) << 24) | (h.charCodeAt(4 * w + 1) << 16) | (h.charCodeAt(4 * w + 2) << 8) | h.charCodeAt(4 * w + 3)) >>> 0;
    }
    this.unfolded++;
    digest.samples++;
    digest.values += this.sorted.length;
    if (digest.tMin === null || t < digest.tMin) digest.tMin = t;
    if (digest.tMax === null || t > digest.tMax) digest.tMax = t;
  }

  /** Carries the words added since the last fold into the digest's sum, modulo 2^256. */
  private fold(digest: SampleDigest): void {
    const words = this.words;
    let carry = 0;
    for (let w = 7; w >= 0; w--) {
      const s = digest.sum.readUInt32BE(4 * w) + words[w]! + carry;
      const low = s % 0x1_0000_0000;
      digest.sum.writeUInt32BE(low, 4 * w);
      carry = (s - low) / 0x1_0000_0000;
      words[w] = 0;
    }
    this.unfolded = 0;
  }
}

/**
 * A batch's samples as the store keeps them: one per instant, a later sample's value of a path replacing an
 * earlier one's (an upsert in SQLite, a point overwritten in InfluxDB).
 */
export function mergeInstants(samples: readonly TelemetrySample[]): readonly TelemetrySample[] {
  const byTime = new Map<number, TelemetrySample>();
  let merged = false;
  for (const s of samples) {
    const seen = byTime.get(s.t);
    if (seen) {
      byTime.set(s.t, { t: s.t, v: { ...seen.v, ...s.v } });
      merged = true;
    } else byTime.set(s.t, s);
  }
  return merged ? [...byTime.values()] : samples;
}

/** One hour of a batch: the digest of its samples there, which spans [digest.tMin, digest.tMax]. */
export interface HourDigest {
  readonly hour: number;
  readonly digest: SampleDigest & { tMin: number; tMax: number };
}

/** A batch's digest hour by hour (UTC hours), each instant once as the store keeps it; hours without values left out. */
export function digestByHour(vessel: VesselId, samples: readonly TelemetrySample[]): HourDigest[] {
  const digester = new SampleDigester(vessel);
  const hours = new Map<number, SampleDigest>();
  for (const sample of mergeInstants(samples)) {
    const hour = Math.floor(sample.t / HOUR_MS) * HOUR_MS;
    let digest = hours.get(hour);
    if (!digest) hours.set(hour, digest = emptyDigest());
    digester.add(digest, sample);
  }
  return [...hours].flatMap(([hour, digest]) => (digest.tMin === null || digest.tMax === null ? [] : [{ hour, digest: digest as HourDigest['digest'] }]));
}
