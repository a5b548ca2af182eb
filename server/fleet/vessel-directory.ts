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
  events: VesselEvent[];
}

const EVENTS_KEPT = 200;

/** What changed, for those who follow the fleet as it happens (the event history, the live WebSocket). */
export type DirectoryChange =
  | { readonly kind: 'status'; readonly vessel: VesselId; readonly status: VesselStatus }
  | { readonly kind: 'ingest'; readonly vessel: VesselId; readonly newestT: number }
  | { readonly kind: 'event'; readonly vessel: VesselId; readonly event: VesselEvent };

/** What shore knows of each vessel beyond its telemetry: identity, link status, recent events. */
export class VesselDirectory {
  private readonly vessels = new Map<VesselId, VesselState>();
  private readonly listeners = new Set<(change: DirectoryChange) => void>();

  constructor(declared: readonly { id: VesselId; name: string }[] = []) {
    for (const v of declared) this.vessels.set(v.id, { id: v.id, name: v.name, events: [] });
  }

  /** The vessel's entry, created on first sight (a vessel found in the store, or one that just connected). */
  entry(id: VesselId): VesselState {
    let v = this.vessels.get(id);
    if (!v) {
      v = { id, name: id, events: [] };
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

  addEvent(id: VesselId, event: VesselEvent): void {
    const events = this.entry(id).events;
    events.push(event);
    if (events.length > EVENTS_KEPT) events.splice(0, events.length - EVENTS_KEPT);
    this.notify({ kind: 'event', vessel: id, event });
  }
}
