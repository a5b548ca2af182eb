import type { Service } from '../../shared/lifecycle.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import type { TelemetrySample } from '../../shared/wire/telemetry.ts';
import { ObserverGuard } from '../sampling/observer-guard.ts';
import { AlarmBoard, type Alarm } from './alarm-board.ts';
import { evaluateAlarms } from './alarm-rules.ts';
import type { AlarmConfig } from './config.ts';
import { SignalFreshness } from './signal-freshness.ts';

export interface OnboardAlarmsOptions {
  config: AlarmConfig;
  clock: Clock;
  /** Whether the link to shore is up now. */
  linkConnected: () => boolean;
  /** Samples waiting on board for shore's acknowledgement. */
  backlog: () => number;
  /**
   * Hands an alarm event over for shore (`sillage/v1/{vessel}/events`). The agent stores it in the outbox at once,
   * which keeps it through a link down or a restart until the broker has it.
   */
  publish: (event: VesselEvent) => void;
  log?: (msg: string, detail?: unknown) => void;
  /** How often (wall ms) alarms are evaluated when no sample arrives: silence must raise one too. */
  intervalMs?: number;
  wall?: () => number;
}

/**
 * Watches every sample and the agent's own state, keeps the alarm board, and tells shore and the skipper's
 * display. Evaluated on each sample and on a timer, because a device that falls silent sends no sample.
 */
export class OnboardAlarms implements Service {
  readonly signals: SignalFreshness;
  private readonly board: AlarmBoard;
  private readonly listeners = new Set<() => void>();
  private timer: NodeJS.Timeout | undefined;
  private linkDownSince: number | undefined;
  private readonly wall: () => number;
  private readonly guard: ObserverGuard;

  constructor(private readonly options: OnboardAlarmsOptions) {
    this.wall = options.wall ?? Date.now;
    this.guard = new ObserverGuard(options.log ?? (() => {}), () => options.clock.now());
    this.signals = new SignalFreshness(this.wall);
    this.board = new AlarmBoard((event) => {
      try {
        options.publish(event);
      } catch (err) {
        // An outbox that cannot write (disk full) must not stop the alarms on board: the board keeps their state.
        options.log?.(`alarm event ${event.kind} not stored for shore`, (err as Error).message);
      }
    });
  }

  async start(): Promise<void> {
    this.linkDownSince = this.wall();
    // A throw in a timer would end the process: the alarms of the next second are worth more than this one.
    this.timer = setInterval(() => this.guard.call('alarm evaluation', () => this.evaluate()), this.options.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.listeners.clear();
  }

  observe(sample: TelemetrySample): void {
    this.signals.observe(sample);
    this.evaluate();
  }

  list(): Alarm[] {
    return this.board.list();
  }

  acknowledge(id: string): boolean {
    const done = this.board.acknowledge(id, this.options.clock.now());
    if (done) this.notify();
    return done;
  }

  /** Called whenever the list of alarms changes; returns the function that stops listening. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private evaluate(): void {
    const wallNow = this.wall();
    if (this.options.linkConnected()) this.linkDownSince = undefined;
    else this.linkDownSince ??= wallNow;
    const now = this.signals.now(this.options.clock.now());
    const conditions = evaluateAlarms({
      now,
      signals: this.signals,
      wallNow,
      linkDownSince: this.linkDownSince,
      backlog: this.options.backlog(),
    }, this.options.config, (id) => this.board.isActive(id));
    if (this.board.update(now, conditions)) this.notify();
  }

  /** Each listener on its own: the display failing to redraw must not keep the others from hearing of an alarm. */
  private notify(): void {
    for (const listener of this.listeners) this.guard.call('alarm listener', listener);
  }
}
