import { isConventionalProfile, type AnyVesselProfile } from '../../shared/profile/load-profile.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import { ConventionalTrawler, type ConventionalInstant, type ConventionalTrawlerOptions } from './conventional-trawler.ts';
import { HybridTrawler, type HybridTrawlerOptions, type Instant } from './hybrid-trawler.ts';
import { conventionalSignalBindings, readingsOf, signalBindings, type SignalBinding } from './signals.ts';

/** A simulated vessel stepped to a time, and what it shows at that instant. */
interface SteppedVessel<I> {
  advanceTo(t: number): number;
  readonly instant: I;
}

/**
 * A simulated vessel as the edge samples any source: `read(t)` advances the physics to `t` and returns the registry
 * paths with their SI values. Reading a time already passed returns the latest values unchanged.
 */
class SimulatedSource<V extends SteppedVessel<I>, I> implements TelemetrySource {
  constructor(readonly name: string, readonly vessel: V, private readonly bindings: SignalBinding<I>[]) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  read(t: number): Readings {
    this.vessel.advanceTo(t);
    return readingsOf(this.bindings, this.vessel.instant);
  }
}

/** The simulated hybrid trawler. */
export class SimulatedVesselSource extends SimulatedSource<HybridTrawler, Instant> {
  constructor(options: HybridTrawlerOptions) {
    super(`simulated-${options.profile.identity.id}`, new HybridTrawler(options), signalBindings(options.profile));
  }
}

/** A simulated conventional trawler, a trial's control vessel. */
export class SimulatedControlSource extends SimulatedSource<ConventionalTrawler, ConventionalInstant> {
  constructor(options: ConventionalTrawlerOptions) {
    super(`simulated-${options.profile.identity.id}`, new ConventionalTrawler(options), conventionalSignalBindings(options.profile));
  }
}

export type AnySimulatedSource = SimulatedVesselSource | SimulatedControlSource;

/**
 * The simulated source of a vessel of either kind. `weatherSeed` is the weather a conventional vessel meets (the
 * hybrid's seed, for a control vessel fishing beside it); a hybrid's weather is always its own seed's.
 */
export function simulatedSource(o: {
  profile: AnyVesselProfile; metier: string; seed: number; weatherSeed?: number; start: number; vesselId?: string;
}): AnySimulatedSource {
  const { profile, weatherSeed, ...rest } = o;
  return isConventionalProfile(profile) ? new SimulatedControlSource({ ...rest, profile, weatherSeed }) : new SimulatedVesselSource({ ...rest, profile });
}
