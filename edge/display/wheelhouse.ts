import type { Service } from '../../shared/lifecycle.ts';
import type { Clock } from '../../shared/time/clock.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import type { VesselProfile } from '../../shared/profile/index.ts';
import { alarmThresholds, type AlarmConfigInput } from '../alarms/config.ts';
import { OnboardAlarms } from '../alarms/onboard-alarms.ts';
import type { DisplayConfig } from './config.ts';
import { SkipperDisplay, type LinkState } from './display-server.ts';

export interface WheelhouseOptions {
  vessel: string;
  clock: Clock;
  /** Threshold overrides; the rest come from the profile, or the defaults. */
  alarms: AlarmConfigInput;
  display: DisplayConfig;
  profile?: VesselProfile;
  link: () => LinkState;
  /** Sends an event ashore on `sillage/v1/{vessel}/events`. */
  publishEvent: (event: VesselEvent) => void;
  log?: (msg: string, detail?: unknown) => void;
}

/**
 * What the agent offers the people on board: alarms, raised ashore and on screen, and the skipper display.
 * Alarms run even when the display is disabled or cannot start; the agent feeds both with every sample, each
 * guarded on its own.
 */
export class Wheelhouse implements Service {
  readonly alarms: OnboardAlarms;
  readonly display: SkipperDisplay | undefined;
  private displayRunning = false;

  private linkCache: { at: number; state: LinkState } | undefined;

  constructor(private readonly options: WheelhouseOptions) {
    // The backlog is a count over the outbox: read it at most twice a second, however fast samples arrive.
    const link = (): LinkState => {
      const now = Date.now();
      if (!this.linkCache || now - this.linkCache.at >= 500) this.linkCache = { at: now, state: options.link() };
      return this.linkCache.state;
    };
    this.alarms = new OnboardAlarms({
      config: alarmThresholds(options.alarms, options.profile),
      clock: options.clock,
      linkConnected: () => link().connected,
      backlog: () => link().backlog,
      publish: options.publishEvent,
      log: options.log,
    });
    this.display = options.display.enabled
      ? new SkipperDisplay({ config: options.display, vessel: options.vessel, clock: options.clock, alarms: this.alarms, link,
        profile: options.profile, log: options.log })
      : undefined;
  }

  /** The display's address, once started (undefined when it is disabled). */
  get displayUrl(): string | undefined {
    return this.displayRunning ? this.display?.url : undefined;
  }

  async start(): Promise<void> {
    await this.alarms.start();
    if (!this.display) return;
    try {
      await this.display.start();
      this.displayRunning = true;
    } catch (err) {
      // A screen that cannot open its port (taken, not allowed) must not stop acquisition and the outbox.
      this.options.log?.(`skipper display not started on ${this.options.display.host}:${this.options.display.port}`, (err as Error).message);
      await this.display.stop();
    }
  }

  async stop(): Promise<void> {
    await this.display?.stop();
    await this.alarms.stop();
  }
}
