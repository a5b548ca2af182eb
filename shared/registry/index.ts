import { electrical } from './electrical.ts';
import { environment } from './environment.ts';
import { navigation } from './navigation.ts';
import { propulsion } from './propulsion.ts';
import type { EquipmentKind, SignalDef } from './signal.ts';
import { vesselOperations } from './vessel-operations.ts';

export type { EquipmentKind, SignalDef, Unit } from './signal.ts';
export { GEAR_STATE, type GearState } from './vessel-operations.ts';

/** Every signal Sillage knows, once. Validation, encoding, storage and display all derive from this table. */
export const SIGNALS: readonly SignalDef[] = [...electrical, ...propulsion, ...navigation, ...environment, ...vesselOperations];

declare const signalPathBrand: unique symbol;
/** A concrete path such as `electrical.batteries.main.voltage`, known to match the registry. */
export type SignalPath = string & { readonly [signalPathBrand]: true };

/** The equipment a vessel carries, by kind: ids fill the `<id>` placeholders of the registry. */
export type EquipmentLayout = Readonly<Partial<Record<EquipmentKind, readonly string[]>>>;

const ID = '[A-Za-z0-9]{1,32}';
const compiled = SIGNALS.map((def) => ({
  def,
  regex: new RegExp(`^${def.pattern.replaceAll('.', '\\.').replace('<id>', `(${ID})`)}$`),
}));
const resolved = new Map<string, SignalDef>();

/** The registry entry a concrete path belongs to, or undefined for a path Sillage does not know. */
export function lookupSignal(path: string): SignalDef | undefined {
  const hit = resolved.get(path);
  if (hit) return hit;
  if (path.length > 128) return undefined;
  for (const { def, regex } of compiled) {
    if (regex.test(path)) {
      // Only known paths are cached, so hostile input cannot grow the map.
      resolved.set(path, def);
      return def;
    }
  }
  return undefined;
}

export function isSignalPath(path: string): path is SignalPath {
  return lookupSignal(path) !== undefined;
}

export function asSignalPath(path: string): SignalPath {
  if (!isSignalPath(path)) throw new Error(`unknown signal path: ${path}`);
  return path;
}

/** Every concrete path a vessel with this equipment produces, in registry order. */
export function pathsFor(layout: EquipmentLayout): SignalPath[] {
  const paths: string[] = [];
  for (const def of SIGNALS) {
    if (!def.equipment) {
      if (!def.pattern.includes('<id>')) paths.push(def.pattern);
      continue;
    }
    for (const kind of def.equipment) {
      for (const id of layout[kind] ?? []) paths.push(def.pattern.replace('<id>', id));
    }
  }
  return paths.map(asSignalPath);
}

export type RangeVerdict = 'ok' | 'unknown-path' | 'out-of-range' | 'not-finite';

/** Whether a value may be stored under a path: known path, finite, inside the physical range. */
export function checkValue(path: string, value: number): RangeVerdict {
  const def = lookupSignal(path);
  if (!def) return 'unknown-path';
  if (!Number.isFinite(value)) return 'not-finite';
  if (value < def.min || value > def.max) return 'out-of-range';
  return 'ok';
}
