import { z } from 'zod';
import { checkValue, type SignalPath } from '../../../shared/registry/index.ts';

/** A Signal K delta message (Signal K 1.x, "Delta format"), as much of it as Sillage reads. */
const deltaSchema = z.object({
  context: z.string().optional(),
  updates: z.array(z.object({
    values: z.array(z.object({ path: z.string(), value: z.unknown() })).optional(),
  })).max(1000),
});

export interface DeltaReadings {
  readonly values: [SignalPath, number][];
  /** Values Sillage knows the path of but that no sensor can show (out of range, not finite). */
  readonly rejected: string[];
  /** The delta is about another vessel (an AIS target): none of its values are the vessel's. */
  readonly otherVessel: boolean;
}

/**
 * The registry values one Signal K delta carries for the vessel itself. Sillage's paths are Signal K's, so a
 * path maps onto itself, except `navigation.position`, an object in Signal K, flattened to `.latitude` and
 * `.longitude`; `rename` maps a server's ids onto the vessel's (e.g. `propulsion.port` → `propulsion.main`).
 * Other vessels (AIS targets), paths Sillage does not record and non-numeric values are left out.
 */
export function readDelta(message: unknown, self: string | undefined, rename: Readonly<Record<string, string>> = {}): DeltaReadings | undefined {
  const delta = deltaSchema.safeParse(message);
  if (!delta.success) return undefined;
  const { context } = delta.data;
  if (context !== undefined && context !== 'vessels.self' && context !== self) return { values: [], rejected: [], otherVessel: true };
  const values: [SignalPath, number][] = [];
  const rejected: string[] = [];
  const add = (path: string, value: unknown) => {
    if (typeof value !== 'number') return;
    const target = renamed(path, rename);
    const verdict = checkValue(target, value);
    if (verdict === 'ok') values.push([target as SignalPath, value]);
    else if (verdict !== 'unknown-path') rejected.push(`${target}=${value}`);
  };
  for (const update of delta.data.updates) {
    for (const { path, value } of update.values ?? []) {
      if (path === 'navigation.position' && typeof value === 'object' && value !== null) {
        const { latitude, longitude } = value as { latitude?: unknown; longitude?: unknown };
        add('navigation.position.latitude', latitude);
        add('navigation.position.longitude', longitude);
      } else {
        add(path, value);
      }
    }
  }
  return { values, rejected, otherVessel: false };
}

function renamed(path: string, rename: Readonly<Record<string, string>>): string {
  for (const [from, to] of Object.entries(rename)) {
    if (path === from || path.startsWith(`${from}.`)) return to + path.slice(from.length);
  }
  return path;
}
