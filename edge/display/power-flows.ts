import { lookupSignal } from '../../shared/registry/index.ts';

export const SOURCE_GROUPS = ['solar', 'wind', 'hydro', 'wave', 'generators', 'shore'] as const;
export const LOAD_GROUPS = ['propulsion', 'winch', 'hotel', 'stabiliser', 'other'] as const;
export type SourceGroup = (typeof SOURCE_GROUPS)[number];
export type LoadGroup = (typeof LOAD_GROUPS)[number];
export type FlowGroup = SourceGroup | LoadGroup;

/** Harvesters: the sources that burn no fuel and cost nothing at sea. */
export const HARVESTERS: readonly SourceGroup[] = ['solar', 'wind', 'hydro', 'wave'];

const BY_PATTERN: Readonly<Record<string, SourceGroup | LoadGroup>> = {
  'electrical.solar.<id>.panelPower': 'solar',
  'electrical.windGenerators.<id>.power': 'wind',
  'electrical.hydroGenerators.<id>.power': 'hydro',
  'electrical.waveGenerators.<id>.power': 'wave',
  'electrical.generators.<id>.power': 'generators',
  'electrical.shore.power': 'shore',
  'propulsion.<id>.power': 'propulsion',
};
const NAMED_LOADS: ReadonlySet<string> = new Set(['winch', 'hotel', 'stabiliser']);

/** Which box of the power-flow diagram a signal feeds, or undefined for a signal that is not a power flow. */
export function flowGroupOf(path: string): FlowGroup | undefined {
  const pattern = lookupSignal(path)?.pattern;
  if (pattern === undefined) return undefined;
  if (pattern === 'electrical.loads.<id>.power') {
    const id = path.split('.')[2]!;
    return NAMED_LOADS.has(id) ? (id as LoadGroup) : 'other';
  }
  return BY_PATTERN[pattern];
}

export type Flows = Record<FlowGroup, number>;

export const zeroFlows = (): Flows =>
  Object.fromEntries([...SOURCE_GROUPS, ...LOAD_GROUPS].map((g) => [g, 0])) as Flows;

/** Power of each diagram box (W), summed over the equipment ids that feed it. */
export function sumFlows(values: Readonly<Record<string, number>>): Flows {
  const flows = zeroFlows();
  for (const [path, watts] of Object.entries(values)) {
    const group = flowGroupOf(path);
    if (group) flows[group] += watts;
  }
  return flows;
}

/** What the battery alone would have to give: every load, less what the harvesters bring (W). */
export function batteryOnlyDraw(flows: Flows): number {
  const loads = LOAD_GROUPS.reduce((sum, g) => sum + flows[g], 0);
  const harvest = HARVESTERS.reduce((sum, g) => sum + flows[g], 0);
  return loads - harvest;
}
