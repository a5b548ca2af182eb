import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConventionalVesselProfile, type ConventionalVesselProfile } from './conventional-vessel-profile.ts';
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
  return parseVesselProfile(readProfileJson(path), `vessel profile ${path}`);
}

/** Reads and validates a conventional vessel's profile JSON file (a trial's control vessel). */
export function loadConventionalVesselProfile(path: string): ConventionalVesselProfile {
  return parseConventionalVesselProfile(readProfileJson(path), `conventional vessel profile ${path}`);
}

function readProfileJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read vessel profile ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`vessel profile ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

const profileFile = (nameOrPath: string) =>
  nameOrPath.includes('/') || nameOrPath.endsWith('.json') ? nameOrPath : join(PROFILES_DIR, `${nameOrPath}.json`);

/** A shipped profile by its file name without extension (`la-fregate`), or any path to a profile file. */
export function resolveVesselProfile(nameOrPath: string): VesselProfile {
  return loadVesselProfile(profileFile(nameOrPath));
}

/** A vessel's profile of either kind: a hybrid's, or a conventional vessel's (`kind: "conventional"`). */
export type AnyVesselProfile = VesselProfile | ConventionalVesselProfile;

export const isConventionalProfile = (p: AnyVesselProfile): p is ConventionalVesselProfile => 'kind' in p && p.kind === 'conventional';

/** A shipped profile of either kind by name, or any path to one, read as its `kind` says. */
export function resolveAnyVesselProfile(nameOrPath: string): AnyVesselProfile {
  const path = profileFile(nameOrPath);
  const json = readProfileJson(path);
  return (json as { kind?: unknown } | null)?.kind === 'conventional'
    ? parseConventionalVesselProfile(json, `conventional vessel profile ${path}`) : parseVesselProfile(json, `vessel profile ${path}`);
}

/** A shipped conventional vessel's profile by name (`la-fregate-control`), or any path to one. */
export function resolveConventionalVesselProfile(nameOrPath: string): ConventionalVesselProfile {
  return loadConventionalVesselProfile(profileFile(nameOrPath));
}
