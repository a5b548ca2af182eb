import { createHash } from 'node:crypto';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TimeSeriesStore } from '../store/port.ts';
import type { HourDigestIndex } from './hour-digests.ts';
import { addDigest, emptyDigest, HOUR_MS, SampleDigester, type SampleDigest } from './sample-digest.ts';

/** The fingerprint of every stored value of the vessels in a window. */
export interface InputDigest {
  sha256: string;
  samples: number;
  values: number;
  /** Vessel-days that hold data in the window. */
  days: number;
  /** Vessel-hours (or parts of one at the window's edges) read back from the store; the others the hour digests answered. */
  hoursRead: number;
}

/** The hour digests kept as data is stored (HourDigestIndex); a digest without them reads every value. */
export type HourDigestSource = Pick<HourDigestIndex, 'hours' | 'keep'>;

export const DAY_MS = 86_400_000;
/** Reads from the store at once: it answers one while this process digests another. */
export const READS_AT_ONCE = 3;

/** How the digested text is written: what anyone re-implementing the check needs to know. */
export const CANONICAL_FORM = 'Sample record: SHA-256 of the sample\'s paths in ASCII order joined by "\\n" (32 bytes), the vessel id in UTF-8, '
  + 'a zero byte, then the time in epoch ms and the values in that path order, each an IEEE-754 double, big-endian. Part digest: the sum '
  + 'modulo 2^256 of the SHA-256 of the part\'s sample records, each read as a big-endian integer, as 64 hex digits. Parts: per vessel in id '
  + 'order, per UTC day (multiples of 86,400,000 ms since the epoch) in time order, [max(from, day), min(to, day + 24 h)). Input text: for '
  + 'each part holding a sample, "<vessel>\\t<part from ms>\\t<part to ms>\\t<samples>\\t<values>\\t<part digest>\\n". The input SHA-256 is that '
  + 'of the input text.';

/** The digest of one vessel's stored values in [from, to), read back from the store. */
export async function digestRange(store: TimeSeriesStore, vessel: VesselId, from: number, to: number): Promise<SampleDigest> {
  const digest = emptyDigest();
  const digester = new SampleDigester(vessel);
  await store.sampleRows(vessel, from, to, (rows) => digester.addRows(digest, rows));
  return digest;
}

interface Part { vessel: VesselId; from: number; to: number; digest: SampleDigest }
interface Read { part: Part; from: number; to: number; keep?: { generation: number } }

/**
 * The fingerprint of a report's input data: a hash of per-vessel, per-day digests, each the sum of its hours'. With
 * `index`, the whole hours come from the digests kept as data was stored, and only the hours it cannot vouch for
 * (changed in place since, or written before it existed) and the partial hours at the window's edges are read.
 * Without it every value is read, a few vessel-days at a time: what `--verify` does. Any changed, added or removed
 * value in the window changes its day's digest, hence the input's.
 */
export async function digestInputs(
  store: TimeSeriesStore, vessels: readonly VesselId[], window: { from: number; to: number }, index?: HourDigestSource,
): Promise<InputDigest> {
  const parts: Part[] = [];
  const reads: Read[] = [];
  for (const vessel of [...vessels].sort()) {
    for (let day = Math.floor(window.from / DAY_MS) * DAY_MS; day < window.to; day += DAY_MS) {
      const part: Part = { vessel, from: Math.max(window.from, day), to: Math.min(window.to, day + DAY_MS), digest: emptyDigest() };
      parts.push(part);
      if (!index) {
        // A vessel-day per read, streamed: InfluxDB exports a day in chunks for less than its hours one by one.
        reads.push({ part, from: part.from, to: part.to });
        continue;
      }
      const firstWhole = Math.ceil(part.from / HOUR_MS) * HOUR_MS;
      const lastWhole = Math.floor(part.to / HOUR_MS) * HOUR_MS;
      if (part.from < firstWhole) reads.push({ part, from: part.from, to: Math.min(firstWhole, part.to) });
      if (firstWhole < lastWhole) {
        for (const hour of index.hours(vessel, firstWhole, lastWhole)) {
          if (hour.known) addDigest(part.digest, hour.digest);
          else reads.push({ part, from: hour.hour, to: hour.hour + HOUR_MS, keep: { generation: hour.generation } });
        }
      }
      if (lastWhole < part.to && lastWhole >= firstWhole) reads.push({ part, from: lastWhole, to: part.to });
    }
  }
  let taken = 0;
  const reader = async () => {
    for (let k = taken++; k < reads.length; k = taken++) {
      const { part, from, to, keep } = reads[k]!;
      const digest = await digestRange(store, part.vessel, from, to);
      if (keep && index) index.keep(part.vessel, from, keep.generation, digest);
      addDigest(part.digest, digest);
    }
  };
  await Promise.all(Array.from({ length: READS_AT_ONCE }, reader));
  const hash = createHash('sha256');
  const hoursRead = reads.reduce((n, { from, to }) => n + Math.ceil(to / HOUR_MS) - Math.floor(from / HOUR_MS), 0);
  const total: InputDigest = { sha256: '', samples: 0, values: 0, days: 0, hoursRead };
  for (const { vessel, from, to, digest } of parts) {
    if (digest.samples === 0) continue;
    hash.update(`${vessel}\t${from}\t${to}\t${digest.samples}\t${digest.values}\t${digest.sum.toString('hex')}\n`);
    total.samples += digest.samples;
    total.values += digest.values;
    total.days++;
  }
  total.sha256 = hash.digest('hex');
  return total;
}
