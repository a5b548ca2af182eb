import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseVesselProfile, type VesselProfile } from './vessel-profile.ts';

/**
 * The profiles shipped in the repository's `profiles/` folder, the nearest one above this module: two folders up
 * from here, one up from the edge bundle (`dist/sillage-edge.mjs`), which carries this module inside it.
 */
export const PROFILES_DIR = nearestProfilesDir(dirname(fileURLToPath(import.meta.url)));

function nearestProfilesDir(from: string): string {
  const candidate = join(from, 'profiles');
  const parent = dirname(from);
  return existsSync(candidate) || parent === from ? candidate : nearestProfilesDir(parent);
}

/** Reads and validates a vessel profile JSON file; every failure is one message naming the file and the problem. */
export function loadVesselProfile(path: string): VesselProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read vessel profile ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`vessel profile ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseVesselProfile(json, `vessel profile ${path}`);
}

/** A shipped profile by its file name without extension (`la-fregate`), or any path to a profile file. */
export function resolveVesselProfile(nameOrPath: string): VesselProfile {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  return loadVesselProfile(looksLikePath ? nameOrPath : join(PROFILES_DIR, `${nameOrPath}.json`));
}
