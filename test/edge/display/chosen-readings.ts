import { asSignalPath } from '../../../shared/registry/index.ts';
import type { Readings, TelemetrySource } from '../../../shared/source.ts';

/**
 * A real telemetry source whose instruments read what the test sets: the agent samples it like any device,
 * so what reaches the screen went through the sampler, the outbox and the display like real data.
 */
export class ChosenReadings implements TelemetrySource {
  readonly name = 'chosen-readings';
  private readonly values = new Map<string, number>();

  constructor(initial: Record<string, number>) {
    this.set(initial);
  }

  set(values: Record<string, number>): void {
    for (const [path, value] of Object.entries(values)) this.values.set(asSignalPath(path), value);
  }

  /** The instrument stops answering: its signals are no longer in the samples. */
  silence(...paths: string[]): void {
    for (const path of paths) this.values.delete(path);
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  read(): Readings {
    return Object.fromEntries(this.values) as Readings;
  }
}

/** A vessel towing its trawl on battery, with every flow of the diagram non-zero and round numbers. */
export const TOWING_ON_BATTERY: Record<string, number> = {
  'electrical.batteries.main.capacity.stateOfCharge': 0.823,
  'electrical.batteries.main.power': -351_000,
  'electrical.batteries.main.temperature': 304.57,
  'electrical.generators.gen1.power': 0,
  'propulsion.gen1.revolutions': 0,
  'propulsion.gen1.engineLoad': 0,
  'propulsion.gen1.fuel.rate': 0,
  'propulsion.gen1.runTime': 3600,
  'electrical.solar.main.panelPower': 3_000,
  'electrical.windGenerators.main.power': 1_000,
  'electrical.hydroGenerators.main.power': 500,
  'electrical.waveGenerators.main.power': 500,
  'electrical.shore.power': 0,
  'propulsion.main.power': 200_000,
  'electrical.loads.winch.power': 140_000,
  'electrical.loads.hotel.power': 12_000,
  'electrical.loads.stabiliser.power': 8_000,
  'navigation.speedOverGround': 2,
  'fishing.gear.state': 2,
};
