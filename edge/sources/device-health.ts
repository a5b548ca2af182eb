import type { DeviceState, DeviceStatusDetail } from '../../shared/events.ts';
import { Backoff } from '../retry/backoff.ts';

/** What a device's change of state reports: the detail of the vessel event it becomes. */
export type DeviceStatusChange = DeviceStatusDetail;

export type DeviceStatusListener = (change: DeviceStatusChange) => void;

export interface DeviceStatus {
  readonly device: string;
  readonly state: DeviceState | undefined;
  readonly failures: number;
  readonly detail: string;
}

/**
 * One device's health as its source sees it: a listener hears each change of state (not every failed poll, so
 * a dead device is one event, not one a second), and a failing device is retried after a growing pause.
 */
export class DeviceHealth {
  private state: DeviceState | undefined;
  private detail = '';
  private failures = 0;
  private retryAt = 0;
  private readonly backoff: Backoff;

  constructor(
    private readonly source: string,
    readonly device: string,
    private readonly listener: DeviceStatusListener,
    retry: { minMs: number; maxMs: number },
    private readonly now: () => number = Date.now,
  ) {
    this.backoff = new Backoff(retry.minMs, retry.maxMs);
  }

  /** Whether the device may be asked now (false while a failing device waits for its retry). */
  due(): boolean {
    return this.now() >= this.retryAt;
  }

  ok(): void {
    this.failures = 0;
    this.retryAt = 0;
    this.backoff.reset();
    this.set('ok', '');
  }

  /** A failed exchange: counted, reported on a change of state, and the device rests before the next try. */
  failed(state: Exclude<DeviceState, 'ok'>, detail: string): void {
    this.failures++;
    this.retryAt = this.now() + this.backoff.next();
    this.set(state, detail);
  }

  /** Values that made no sense were dropped, but the device answered: no pause before the next poll. */
  garbage(detail: string): void {
    this.failures++;
    this.set('garbage', detail);
  }

  snapshot(): DeviceStatus {
    return { device: this.device, state: this.state, failures: this.failures, detail: this.detail };
  }

  private set(state: DeviceState, detail: string): void {
    this.detail = detail;
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.listener({ source: this.source, device: this.device, state, previous, detail, retryAt: state === 'ok' ? undefined : this.retryAt || undefined });
  }
}
