/** The units Sillage speaks on the wire and in storage: SI, as Signal K does. Displays convert. */
export type Unit =
  | 'V' | 'A' | 'W' | 'K' | 's' | 'Hz' | 'ratio' | 'm3/s' | 'm/s' | 'm' | 'Pa' | 'deg' | 'rad' | 'dBA' | 'enum';

/** Equipment kinds whose paths carry an `<id>` segment (e.g. `electrical.batteries.<id>.voltage`). */
export type EquipmentKind =
  | 'batteries' | 'generators' | 'motors' | 'solar' | 'windGenerators' | 'hydroGenerators'
  | 'waveGenerators' | 'loads' | 'fuelTanks';

export interface SignalDef {
  /** Path with at most one `<id>` placeholder, in Signal K's dotted style. */
  readonly pattern: string;
  readonly unit: Unit;
  /** Physical range: a value outside it is a sensor or transmission fault, never data. */
  readonly min: number;
  readonly max: number;
  /** Smallest meaningful step; quantisation on the link never goes finer than this. */
  readonly resolution: number;
  readonly description: string;
  /** True where Signal K itself defines the path; false for Sillage's documented extensions. */
  readonly signalK: boolean;
  /** Which equipment lists instantiate the `<id>` placeholder. */
  readonly equipment?: readonly EquipmentKind[];
  /** Labels of an enumerated signal, by code. */
  readonly labels?: Readonly<Record<number, string>>;
}

export type SignalGroup = readonly SignalDef[];
