import { createHash } from 'node:crypto';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TimeSeriesStore } from '../store/port.ts';

/** The SHA-256 (hex) of a canonical text, with how many samples and values that text holds. */
export interface Digest {
  sha256: string;
  samples: number;
  values: number;
}

/** The fingerprint of every stored value of the vessels in a window. */
export interface InputDigest extends Digest {
  /** Vessel-days that hold data in the window, and how many of them a valid cached digest answered. */
  days: number;
  cachedDays: number;
}

/** Day digests kept between reports (see DayDigestCache); a digest without one reads every day. */
export interface DayDigestSource {
  /** Opens one digest's use of the cache: the revision up to which every write is known to have landed. */
  settledRevision(): number;
  /** The digest of a whole UTC day, from the cache while no write has touched that day since it was stored. */
  day(vessel: VesselId, day: number, settled: number, compute: () => Promise<Digest>): Promise<Digest & { cached: boolean }>;
}

export const DAY_MS = 86_400_000;
const CHUNK_MS = 3_600_000;
const PARTS_AT_ONCE = 2;

/** How the digested text is written: what anyone re-implementing the check needs to know. */
export const CANONICAL_FORM = 'two levels, UTC days (multiples of 86,400,000 ms since the epoch). Day text: per sample of one vessel in [max(from, day), min(to, day + 24 h)) in time order, '
  + '"<vessel>\\t<t epoch ms>\\t<path>=<value>[,<path>=<value>…]\\n", paths in ASCII order, values as shortest round-trip decimals. '
  + 'Input text: per vessel in id order, per day in time order, for each day part holding a sample, '
  + '"<vessel>\\t<part from ms>\\t<part to ms>\\t<samples>\\t<values>\\t<SHA-256 hex of the day text>\\n". '
  + 'The input SHA-256 is that of the input text.';

const HASH_TEXT_CHARS = 1 << 20;

const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/** One vessel's values in [from, to), read hour by hour so that a day costs memory for two hours only. */
export async function digestPart(store: TimeSeriesStore, vessel: VesselId, from: number, to: number): Promise<Digest> {
  const hash = createHash('sha256');
  let samples = 0;
  let values = 0;
  let text = '';
  // Consecutive samples mostly carry the same paths in the same order: sorted again only when they change.
  let keys: string[] = [];
  let sorted: string[] = [];
  const read = (start: number) => (start < to ? store.samples(vessel, start, Math.min(to, start + CHUNK_MS)) : undefined);
  // The next hour is asked for before this one is hashed, so that the store works while this process hashes.
  let next = read(from);
  for (let start = from; next; start += CHUNK_MS) {
    const chunk = await next;
    next = read(start + CHUNK_MS);
    for (const s of chunk) {
      const own = Object.keys(s.v);
      if (!sameKeys(own, keys)) {
        keys = own;
        sorted = [...own].sort();
      }
      const v = s.v as Record<string, number>;
      let line = `${vessel}\t${s.t}\t`;
      for (let k = 0; k < sorted.length; k++) line += `${k ? ',' : ''}${sorted[k]}=${v[sorted[k]!]}`;
      text += `${line}\n`;
      if (text.length > HASH_TEXT_CHARS) {
        hash.update(text);
        text = '';
      }
      samples++;
      values += sorted.length;
    }
  }
  hash.update(text);
  return { sha256: hash.digest('hex'), samples, values };
}

/**
 * The fingerprint of a report's input data: a hash of per-vessel, per-day digests, so that the whole days of a
 * season can come from `cache` while no write has touched them; the partial days at the window's edges are always
 * read. Without a cache every value is read: what `--verify` does. Any changed, added or removed value in the
 * window changes the day's digest, hence the input's.
 */
export async function digestInputs(
  store: TimeSeriesStore, vessels: readonly VesselId[], window: { from: number; to: number }, cache?: DayDigestSource,
): Promise<InputDigest> {
  const settled = cache?.settledRevision() ?? 0;
  const parts: { vessel: VesselId; day: number; from: number; to: number }[] = [];
  for (const vessel of [...vessels].sort()) {
    for (let day = Math.floor(window.from / DAY_MS) * DAY_MS; day < window.to; day += DAY_MS) {
      parts.push({ vessel, day, from: Math.max(window.from, day), to: Math.min(window.to, day + DAY_MS) });
    }
  }
  const digests: (Digest & { cached: boolean })[] = [];
  let taken = 0;
  // A few days at once, so that the store answers one while this process hashes another.
  const worker = async () => {
    for (let k = taken++; k < parts.length; k = taken++) {
      const { vessel, day, from, to } = parts[k]!;
      const compute = () => digestPart(store, vessel, from, to);
      digests[k] = cache && from === day && to === day + DAY_MS ? await cache.day(vessel, day, settled, compute) : { ...(await compute()), cached: false };
    }
  };
  await Promise.all(Array.from({ length: PARTS_AT_ONCE }, worker));
  const hash = createHash('sha256');
  const total: InputDigest = { sha256: '', samples: 0, values: 0, days: 0, cachedDays: 0 };
  parts.forEach(({ vessel, from, to }, k) => {
    const part = digests[k]!;
    if (part.samples === 0) return;
    hash.update(`${vessel}\t${from}\t${to}\t${part.samples}\t${part.values}\t${part.sha256}\n`);
    total.samples += part.samples;
    total.values += part.values;
    total.days++;
    if (part.cached) total.cachedDays++;
  });
  total.sha256 = hash.digest('hex');
  return total;
}
