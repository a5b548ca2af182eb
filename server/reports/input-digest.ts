import { createHash } from 'node:crypto';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { TimeSeriesStore } from '../store/port.ts';

export interface InputDigest {
  /** SHA-256 (hex) of the canonical text of every stored value of the vessels in the window. */
  sha256: string;
  samples: number;
  values: number;
}

/** How the digested text is written: what anyone re-implementing the check needs to know. */
export const CANONICAL_FORM = 'per vessel in id order, per sample in time order: "<vessel>\\t<t epoch ms>\\t<path>=<value>[,<path>=<value>…]\\n", paths sorted, values as shortest round-trip decimals';

const CHUNK_MS = 3_600_000;

/**
 * The fingerprint of a report's input data, read back from the store hour by hour so that a season costs
 * memory for one hour only. Any changed, added or removed value in the window changes it.
 */
export async function digestInputs(store: TimeSeriesStore, vessels: readonly VesselId[], window: { from: number; to: number }): Promise<InputDigest> {
  const hash = createHash('sha256');
  let samples = 0;
  let values = 0;
  for (const vessel of [...vessels].sort()) {
    for (let from = window.from; from < window.to; from += CHUNK_MS) {
      const chunk = await store.samples(vessel, from, Math.min(window.to, from + CHUNK_MS));
      for (const s of chunk) {
        const entries = Object.entries(s.v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        hash.update(`${vessel}\t${s.t}\t${entries.map(([p, v]) => `${p}=${v}`).join(',')}\n`);
        samples++;
        values += entries.length;
      }
    }
  }
  return { sha256: hash.digest('hex'), samples, values };
}
