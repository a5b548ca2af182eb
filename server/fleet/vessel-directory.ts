import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselEvent, VesselStatus } from '../../shared/wire/messages.ts';

export interface VesselState {
  id: VesselId;
  name: string;
  status?: VesselStatus;
  /** Wall time of the last batch stored for this vessel. */
  lastIngest?: number;
  /** Newest sample time stored. */
  lastSampleT?: number;
  events: VesselEvent[];
}

const EVENTS_KEPT = 200;

/** What shore knows of each vessel beyond its telemetry: identity, link status, recent events. */
export class VesselDirectory {
  private readonly vessels = new Map<VesselId, VesselState>();

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

  setStatus(id: VesselId, status: VesselStatus): void {
    this.entry(id).status = status;
  }

  recordIngest(id: VesselId, newestT: number, now: number): void {
    const v = this.entry(id);
    v.lastIngest = now;
    v.lastSampleT = Math.max(v.lastSampleT ?? newestT, newestT);
  }

  addEvent(id: VesselId, event: VesselEvent): void {
    const events = this.entry(id).events;
    events.push(event);
    if (events.length > EVENTS_KEPT) events.splice(0, events.length - EVENTS_KEPT);
  }
}
