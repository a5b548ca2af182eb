import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { vesselEvent } from '../shared/events.ts';
import { Parts, type Service } from '../shared/lifecycle.ts';
import type { TelemetrySource } from '../shared/source.ts';
import type { Clock } from '../shared/time/clock.ts';
import type { VesselEvent } from '../shared/wire/messages.ts';
import type { TelemetrySample } from '../shared/wire/telemetry.ts';
import { GuardedClock, type ClockFault } from './clock/guarded-clock.ts';
import { edgeConfigSchema, type EdgeConfig, type EdgeConfigInput } from './config.ts';
import { MqttLink } from './link/mqtt-link.ts';
import { Outbox } from './outbox/outbox.ts';
import { ObserverGuard } from './sampling/observer-guard.ts';
import { Sampler } from './sampling/sampler.ts';
import type { DeviceStatusChange } from './sources/device-health.ts';
import { openSources, type DeviceSource } from './sources/open-sources.ts';
import { profileVesselWarning } from './display/vessel-profile.ts';
import { Wheelhouse } from './display/wheelhouse.ts';

export interface EdgeAgentOptions {
  config: EdgeConfigInput;
  sources: readonly TelemetrySource[];
  clock?: Clock;
  /** The system time the agent's guarded clock watches when no `clock` is given (tests step it). */
  wallClock?: () => number;
  log?: (msg: string, detail?: unknown) => void;
}

/** Told of every sample once it is in the outbox. */
export type SampleObserver = (sample: TelemetrySample) => void;

/** The onboard agent: samples sources, keeps every sample in the outbox, and sends it ashore when it can. */
export class EdgeAgent implements Service {
  readonly config: EdgeConfig;
  private outbox: Outbox | undefined;
  private link: MqttLink | undefined;
  private sampler: Sampler | undefined;
  private wheelhouse: Wheelhouse | undefined;
  private readonly parts: Parts;
  /** The devices of the config (Modbus, NMEA 0183, Signal K), beside the sources handed in. */
  readonly devices: readonly DeviceSource[];
  private readonly sources: readonly TelemetrySource[];
  private latestSample: TelemetrySample | undefined;
  private readonly clock: Clock;
  /** Clock faults seen before the outbox is open (a fault at boot), stored there on start, oldest first. */
  private readonly clockEvents: VesselEvent[] = [];
  private readonly observers = new Map<string, SampleObserver>();
  private readonly guard: ObserverGuard;

  constructor(private readonly options: EdgeAgentOptions) {
    this.config = edgeConfigSchema.parse(options.config);
    this.devices = openSources(this.config.sources, (change) => this.deviceStatus(change));
    this.sources = [...options.sources, ...this.devices];
    this.clock = options.clock ?? new GuardedClock({ onFault: (fault) => this.clockFault(fault), wall: options.wallClock });
    this.guard = new ObserverGuard(options.log ?? (() => {}), () => this.clock.now());
    this.parts = new Parts(options.log);
  }

  /** Adds an observer of the samples under `name` (the name its failures are logged by); returns its removal. */
  onSample(name: string, observer: SampleObserver): () => void {
    if (this.observers.has(name)) throw new Error(`a sample observer named ${JSON.stringify(name)} is already there`);
    this.observers.set(name, observer);
    return () => this.observers.delete(name);
  }

  private clockFault(fault: ClockFault): void {
    this.options.log?.(`clock fault: ${fault.kind}`, fault);
    if (fault.kind === 'jump-forward') this.sampler?.realign();
    const event = vesselEvent('clock-fault', Date.now(), fault);
    if (this.link) this.link.sendEvent(event);
    else this.clockEvents.push(event);
    if (this.clockEvents.length > 100) this.clockEvents.shift();
  }

  /** A device that stops answering, answers garbage or comes back: the skipper's log and shore hear it once. */
  private deviceStatus(change: DeviceStatusChange): void {
    this.options.log?.(`device ${change.source}/${change.device}: ${change.state}`, change.detail);
    this.link?.sendEvent(vesselEvent('device-status', Date.now(), change));
  }

  /** Applies the outbox quota; thinning or dropping is an event ashore and in the log, never silent. */
  private enforceQuota(): void {
    const outbox = this.outbox;
    if (!outbox) return;
    const outcome = outbox.enforceQuota(this.config.outbox.quotaBytes);
    if (outcome.thinned === 0 && outcome.dropped === 0) return;
    const detail = { ...outcome, quotaBytes: this.config.outbox.quotaBytes, ...this.outboxCounters() };
    this.options.log?.('outbox over quota', detail);
    this.link?.sendEvent(vesselEvent(outcome.dropped > 0 ? 'outbox-dropped' : 'outbox-thinned', Date.now(), detail));
  }

  /** Told ashore in every status message beside the backlog. */
  private outboxCounters(): Record<string, number> {
    return {
      outboxBytes: this.outbox?.storedBytes() ?? 0,
      thinnedSamples: this.outbox?.meta('thinned_samples') ?? 0,
      droppedSamples: this.outbox?.meta('dropped_samples') ?? 0,
      droppedEvents: this.outbox?.meta('dropped_events') ?? 0,
    };
  }

  get latest(): TelemetrySample | undefined {
    return this.latestSample;
  }

  async start(): Promise<void> {
    const mismatch = profileVesselWarning(this.config.vessel, this.config.profile);
    if (mismatch) this.options.log?.(mismatch);
    await this.parts.startAll(() => this.startParts());
  }

  /** Each part after those it uses; `parts` stops them in the reverse order, or at once if a later one fails. */
  private async startParts(): Promise<void> {
    const { outbox: outboxConfig, mqtt, vessel } = this.config;
    const parts = this.parts;
    if (outboxConfig.path !== ':memory:') mkdirSync(dirname(outboxConfig.path), { recursive: true });
    const outbox = await parts.start('outbox', new Outbox(outboxConfig.path, this.config.link.encoding === 'compact'));
    this.outbox = outbox;
    const link = new MqttLink({ vessel, ...mqtt, ...this.config.link }, outbox, () => this.outboxCounters(), this.options.log);
    this.link = link;
    for (const event of this.clockEvents.splice(0)) link.sendEvent(event);
    await parts.start('link', link);
    const wheelhouse = new Wheelhouse({
      vessel, clock: this.clock, alarms: this.config.alarms, display: this.config.display, profile: this.config.profile,
      link: () => ({ connected: link.connected, lastAck: link.lastAck, backlog: outbox.backlog() }),
      // Stored in the outbox at once: an alarm raised offline survives a restart and goes when the link is up.
      publishEvent: (event) => link.sendEvent(event),
      log: this.options.log,
    });
    this.wheelhouse = await parts.start('wheelhouse', wheelhouse);
    parts.opened('wheelhouse observers', [
      this.onSample('onboard alarms', (sample) => wheelhouse.alarms.observe(sample)),
      this.onSample('skipper display', (sample) => wheelhouse.display?.observe(sample)),
    ], (removals) => removals.forEach((remove) => remove()));
    for (const source of this.sources) await parts.start(`source ${source.name}`, source);
    this.sampler = await parts.start('sampler', new Sampler(this.sources, this.clock, {
      sample: (sample) => {
        outbox.append(sample);
        this.latestSample = sample;
        if (outbox.pendingSamples() >= outboxConfig.batchSamples) this.sealAndSend();
        // Only once the sample is kept and on its way: whatever an observer does, the next second is still sampled.
        for (const [name, observer] of this.observers) this.guard.call(name, () => observer(sample));
      },
      sourceError: (source, error) => this.options.log?.(`source ${source} failed`, error.message),
      sampleError: (t, error) => this.guard.report('outbox', new Error(`sample ${new Date(t).toISOString()} not kept: ${error.message}`)),
    }));
    parts.opened('batch timer', setInterval(() => {
      const oldest = outbox.oldestPendingT();
      if (oldest !== undefined && this.clock.now() - oldest >= outboxConfig.batchMaxAgeMs) this.sealAndSend();
    }, Math.min(1000, outboxConfig.batchMaxAgeMs)), clearInterval);
    this.enforceQuota();
    parts.opened('quota timer', setInterval(() => this.enforceQuota(), 30_000), clearInterval);
  }

  private sealAndSend(): void {
    this.outbox?.seal(this.config.outbox.batchSamples);
    this.link?.flush();
  }

  /** The skipper display's address, once started; undefined when it is disabled. */
  get displayUrl(): string | undefined {
    return this.wheelhouse?.displayUrl;
  }

  backlog(): number {
    return this.outbox?.backlog() ?? 0;
  }

  async stop(): Promise<void> {
    await this.parts.stop();
  }
}
