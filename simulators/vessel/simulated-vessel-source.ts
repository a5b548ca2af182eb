import type { Readings, TelemetrySource } from '../../shared/source.ts';
import { ConventionalTrawler, type ConventionalInstant, type ConventionalTrawlerOptions } from './conventional-trawler.ts';
import { HybridTrawler, type HybridTrawlerOptions } from './hybrid-trawler.ts';
import { conventionalSignalBindings, readingsOf, signalBindings, type SignalBinding } from './signals.ts';

/**
 * The simulated trawler as the edge samples any source: `read(t)` advances the physics to `t` and returns the
 * registry paths with their SI values. Reading a time already passed returns the latest values unchanged.
 */
export class SimulatedVesselSource implements TelemetrySource {
  readonly name: string;
  readonly vessel: HybridTrawler;
  private readonly bindings: SignalBinding[];

  constructor(options: HybridTrawlerOptions) {
    this.vessel = new HybridTrawler(options);
    this.bindings = signalBindings(options.profile);
    this.name = `simulated-${options.profile.identity.id}`;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  read(t: number): Readings {
    this.vessel.advanceTo(t);
    return readingsOf(this.bindings, this.vessel.instant);
  }
}

/** A simulated conventional trawler, a trial's control vessel, as the edge samples any source. */
export class SimulatedControlSource implements TelemetrySource {
  readonly name: string;
  readonly vessel: ConventionalTrawler;
  private readonly bindings: SignalBinding<ConventionalInstant>[];

  constructor(options: ConventionalTrawlerOptions) {
    this.vessel = new ConventionalTrawler(options);
    this.bindings = conventionalSignalBindings(options.profile);
    this.name = `simulated-${options.profile.identity.id}`;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  read(t: number): Readings {
    this.vessel.advanceTo(t);
    return readingsOf(this.bindings, this.vessel.instant);
  }
}
