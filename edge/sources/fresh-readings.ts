import type { SignalPath } from '../../shared/registry/index.ts';
import type { Readings } from '../../shared/source.ts';

/**
 * The latest value of each signal a device reported, with when it arrived. A value goes into at most one
 * sample, and only while it is younger than `maxAgeMs`: a device that falls silent leaves gaps on shore, never
 * its last reading repeated as if it were still true.
 */
export class FreshReadings {
  private readonly values = new Map<SignalPath, { value: number; at: number }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  set(path: SignalPath, value: number): void {
    this.values.set(path, { value, at: this.now() });
  }

  take(): Readings {
    const out: Readings = {};
    const oldest = this.now() - this.maxAgeMs;
    for (const [path, { value, at }] of this.values) {
      if (at >= oldest) out[path] = value;
    }
    this.values.clear();
    return out;
  }
}
