import { isSignalPath, lookupSignal, type SignalPath } from '../../shared/registry/index.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';

export interface SignalReading {
  readonly value: number;
  /** Clock time of the sample that last carried this signal. */
  readonly t: number;
}

/**
 * The device a signal comes from, as the registry lays devices out: `electrical.batteries.main`,
 * `propulsion.gen1`, `tanks.fuel.main` for equipment with an id; the top group (`navigation`, `environment`,
 * `fishing`, `electrical.shore`) for the rest.
 */
export function deviceOf(path: string): string {
  const def = lookupSignal(path);
  const parts = path.split('.');
  if (def?.pattern.includes('<id>')) {
    const idIndex = def.pattern.split('.').indexOf('<id>');
    return parts.slice(0, idIndex + 1).join('.');
  }
  return parts[0] === 'electrical' ? parts.slice(0, 2).join('.') : parts[0]!;
}

/**
 * The last value of every signal and when it was read. A signal a source stopped giving keeps its old value
 * here with its old time: the readers decide it is stale, so a silent device never passes for a frozen one.
 */
export class SignalFreshness {
  private readonly readings = new Map<SignalPath, SignalReading>();
  private latestT = -Infinity;
  private latestWall = -Infinity;

  constructor(private readonly wall: () => number = Date.now) {}

  /**
   * The time freshness is judged at. While samples keep arriving it is the newest sample's time, so that a
   * sampler running behind an accelerated clock (a replayed trip) does not make every device look silent;
   * once no sample has come for `aliveMs` of wall time, it is the clock's, so total silence is seen too.
   */
  now(clockNow: number, aliveMs = 2000): number {
    return this.wall() - this.latestWall <= aliveMs ? Math.min(clockNow, this.latestT) : clockNow;
  }

  observe(sample: TelemetrySample): void {
    this.latestT = Math.max(this.latestT, sample.t);
    this.latestWall = this.wall();
    for (const [path, value] of Object.entries(sample.v)) {
      // Only registry paths are kept, so a misbehaving source cannot grow the map without bound.
      if (isSignalPath(path) && Number.isFinite(value)) this.readings.set(path, { value, t: sample.t });
    }
  }

  get(path: SignalPath): SignalReading | undefined {
    return this.readings.get(path);
  }

  /** The value if it was read within `maxAgeMs` of `now`, else undefined. */
  fresh(path: SignalPath, now: number, maxAgeMs: number): number | undefined {
    const r = this.readings.get(path);
    return r && now - r.t <= maxAgeMs ? r.value : undefined;
  }

  paths(): IterableIterator<SignalPath> {
    return this.readings.keys();
  }

  /** Each device seen so far, with the time its most recently read signal was read. */
  devices(): Map<string, number> {
    const last = new Map<string, number>();
    for (const [path, r] of this.readings) {
      const device = deviceOf(path);
      last.set(device, Math.max(last.get(device) ?? -Infinity, r.t));
    }
    return last;
  }
}
