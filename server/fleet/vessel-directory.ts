import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselEvent, VesselStatus } from '../../shared/wire/messages.ts';

export interface VesselState {
  id: VesselId;
  name: string;
  status?: VesselStatus;
  /** Wall time the last status message arrived: against `status.t`, the vessel's clock skew. */
  statusReceived?: number;
  /** Wall time of the last batch stored for this vessel. */
  lastIngest?: number;
  /** Newest sample time stored. */
  lastSampleT?: number;
  /** From the last acknowledged batch reaching ingest to its ack accepted by the broker. */
  lastAckLatencyMs?: number;
}

/**
 * Shore's time minus the vessel's, by its last status message (transit time included): positive when the vessel's
 * clock is behind, negative when it is ahead.
 * Only an online status counts: an offline one is the last will, composed when the vessel connected.
 */
export function clockSkewMs(v: VesselState): number | undefined {
  return v.status?.state === 'online' && v.statusReceived !== undefined ? v.statusReceived - v.status.t : undefined;
}

/** Where events are kept: `add` answers undefined for an event it already holds (the edge sends each at least once). */
export interface EventSink {
  add(vessel: VesselId, event: VesselEvent): unknown;
}

/** What changed, for those who follow the fleet as it happens (the event history, the live WebSocket). */
export type DirectoryChange =
  | { readonly kind: 'status'; readonly vessel: VesselId; readonly status: VesselStatus }
  | { readonly kind: 'ingest'; readonly vessel: VesselId; readonly newestT: number }
  | { readonly kind: 'event'; readonly vessel: VesselId; readonly event: VesselEvent };

/** What shore knows of each vessel beyond its telemetry: identity, link status; and who hears of its events. */
export class VesselDirectory {
  private readonly vessels = new Map<VesselId, VesselState>();
  private readonly listeners = new Set<(change: DirectoryChange) => void>();
  private eventSink: EventSink | undefined;

  constructor(declared: readonly { id: VesselId; name: string }[] = []) {
    for (const v of declared) this.vessels.set(v.id, { id: v.id, name: v.name });
  }

  /** The vessel's entry, created on first sight (a vessel found in the store, or one that just connected). */
  entry(id: VesselId): VesselState {
    let v = this.vessels.get(id);
    if (!v) {
      v = { id, name: id };
      this.vessels.set(id, v);
    }
    return v;
  }

  get(id: VesselId): VesselState | undefined {
    return this.vessels.get(id);
  }

  all(): VesselState[] {
    return [...this.vessels.values()];
  }

  /** Calls `listener` on every change until the returned function is called. */
  subscribe(listener: (change: DirectoryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: DirectoryChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A failing follower (a closed socket, a full disk for the history) must not stop ingest or the others.
      }
    }
  }

  setStatus(id: VesselId, status: VesselStatus, now = Date.now()): void {
    const v = this.entry(id);
    v.status = status;
    v.statusReceived = now;
    this.notify({ kind: 'status', vessel: id, status });
  }

  recordIngest(id: VesselId, newestT: number, now: number): void {
    const v = this.entry(id);
    v.lastIngest = now;
    v.lastSampleT = Math.max(v.lastSampleT ?? newestT, newestT);
    this.notify({ kind: 'ingest', vessel: id, newestT });
  }

  recordAck(id: VesselId, latencyMs: number): void {
    this.entry(id).lastAckLatencyMs = latencyMs;
  }

  /** Events go to `sink` first, and followers hear only of those it did not hold already, until the returned function is called. */
  keepEventsIn(sink: EventSink): () => void {
    this.eventSink = sink;
    return () => { if (this.eventSink === sink) this.eventSink = undefined; };
  }

  addEvent(id: VesselId, event: VesselEvent): void {
    this.entry(id);
    let known = false;
    try {
      known = this.eventSink !== undefined && this.eventSink.add(id, event) === undefined;
    } catch {
      // A history that cannot be written (a full disk) must not stop ingest nor keep the event from live followers.
    }
    if (!known) this.notify({ kind: 'event', vessel: id, event });
  }
}
