import type { Service } from '../../shared/lifecycle.ts';
import type { Readings, TelemetrySource } from '../../shared/source.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';

export interface SamplerEvents {
  sample(sample: TelemetrySample): void;
  sourceError(source: string, error: Error): void;
  /** Handing the sample at `t` on failed (the outbox could not write it): that second is lost, not the next ones. */
  sampleError(t: number, error: Error): void;
}

/**
 * Asks every source once per clock second and hands the merged reading on. A source that throws loses only
 * its own signals for that second: the others are still sampled.
 */
export class Sampler implements Service {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private nextT = 0;

  constructor(
    private readonly sources: readonly TelemetrySource[],
    private readonly clock: Clock,
    private readonly on: SamplerEvents,
    private readonly periodMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.running = true;
    this.nextT = Math.floor(this.clock.now() / this.periodMs) * this.periodMs + this.periodMs;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => void this.tick(), this.clock.delayUntil(this.nextT));
  }

  /** After the clock stepped forward: the next sample is the clock's next second, the skipped ones are not invented. */
  realign(): void {
    this.nextT = Math.floor(this.clock.now() / this.periodMs) * this.periodMs + this.periodMs;
  }

  private async tick(): Promise<void> {
    // A realigned or slewing clock can make the timer fire before the clock shows the sample's time.
    if (this.clock.delayUntil(this.nextT) > 0) return this.schedule();
    const t = this.nextT;
    this.nextT += this.periodMs;
    const merged: Readings = {};
    for (const source of this.sources) {
      try {
        Object.assign(merged, await source.read(t));
      } catch (err) {
        this.on.sourceError(source.name, err as Error);
      }
    }
    try {
      if (Object.keys(merged).length > 0 && this.running) this.on.sample({ t, v: merged as TelemetrySample['v'] });
    } catch (err) {
      this.on.sampleError(t, err as Error);
    }
    this.schedule();
  }
}
