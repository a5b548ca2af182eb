import { EARLIEST_T } from '../../shared/wire/telemetry.ts';
import type { Clock } from '../../shared/time/clock.ts';

export type ClockFaultKind = 'unsynchronised' | 'jump-forward' | 'jump-backward';

export interface ClockFault {
  readonly kind: ClockFaultKind;
  /** The wall clock's reading when the fault was seen. */
  readonly wallT: number;
  /** Size of the jump (positive forward, negative backward); 0 for an unsynchronised clock. */
  readonly deltaMs: number;
}

export interface GuardedClockOptions {
  onFault: (fault: ClockFault) => void;
  /** A wall-clock step smaller than this is ordinary drift correction, not a fault. */
  toleranceMs?: number;
  /** While a backward step is being absorbed, the clock runs at this fraction of real time. */
  slewRate?: number;
  wall?: () => number;
  monotonic?: () => number;
}

/**
 * The onboard wall clock watched against the monotonic clock, so that a jump of the system time (an RTC lost at
 * power-up, an NTP step, a crew member setting the time) never breaks the sample stream. A forward step is
 * followed (the sampler skips ahead instead of inventing the missing seconds); a backward step is absorbed by
 * slewing (time keeps going forward, more slowly, until the wall clock has caught up), so timestamps never go
 * back and never overwrite stored data. Every fault is reported.
 */
export class GuardedClock implements Clock {
  private readonly toleranceMs: number;
  private readonly slewRate: number;
  private readonly wall: () => number;
  private readonly monotonic: () => number;
  private lastWall: number;
  private lastMono: number;
  private lastShown: number;
  /** How far this clock is ahead of the wall clock while a backward step is absorbed. */
  private held = 0;
  private unsynchronised: boolean;

  constructor(private readonly options: GuardedClockOptions) {
    this.toleranceMs = options.toleranceMs ?? 2000;
    this.slewRate = options.slewRate ?? 0.5;
    this.wall = options.wall ?? Date.now;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.lastWall = this.wall();
    this.lastMono = this.monotonic();
    this.lastShown = this.lastWall;
    this.unsynchronised = this.lastWall < EARLIEST_T;
    if (this.unsynchronised) options.onFault({ kind: 'unsynchronised', wallT: this.lastWall, deltaMs: 0 });
  }

  now(): number {
    const wall = this.wall();
    const mono = this.monotonic();
    const elapsed = mono - this.lastMono;
    const step = wall - (this.lastWall + elapsed);
    this.lastWall = wall;
    this.lastMono = mono;
    if (step < -this.toleranceMs) {
      this.held -= step;
      this.options.onFault({ kind: 'jump-backward', wallT: wall, deltaMs: step });
    } else if (step > this.toleranceMs) {
      const absorbed = Math.min(this.held, step);
      this.held -= absorbed;
      if (step - absorbed > this.toleranceMs) this.options.onFault({ kind: 'jump-forward', wallT: wall, deltaMs: step - absorbed });
    }
    if (this.held > 0) this.held = Math.max(0, this.held - elapsed * (1 - this.slewRate));
    this.unsynchronised = wall < EARLIEST_T;
    this.lastShown = Math.max(this.lastShown, Math.round(wall + this.held));
    return this.lastShown;
  }

  delayUntil(t: number): number {
    const ahead = t - this.now();
    if (ahead <= 0) return 0;
    return Math.ceil(this.held > 0 ? ahead / this.slewRate : ahead);
  }

  /** True while the wall clock reads before 2000: timestamps are meaningless until it is set. */
  get synchronised(): boolean {
    return !this.unsynchronised;
  }
}
