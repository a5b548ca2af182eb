import { vesselEvent, type ShoreClockFaultDetail } from '../../shared/events.ts';
import type { VesselId } from '../../shared/wire/ids.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import type { Rejection } from '../../shared/wire/telemetry.ts';

export type ShoreClockFault = ShoreClockFaultDetail['fault'];

/** One event per vessel and kind in this window: a faulty clock flags itself without flooding the event list. */
const FLAG_EVERY_MS = 10 * 60_000;

/**
 * Reads a vessel's clock health from the timestamps it sends: samples refused for lying in the future or before
 * 2000 (an edge clock ahead of shore's, or never set), and times going back in the order the vessel sealed them
 * (a backward step of its clock). It judges and flags; what to do with the data is the ingest's business.
 */
export class ClockWatch {
  private readonly newest = new Map<VesselId, { seq: number; t: number }>();
  private readonly flagged = new Map<string, number>();

  inspect(vessel: VesselId, seq: number, times: readonly number[], rejections: readonly Rejection[], now: number): VesselEvent[] {
    const found = new Map<ShoreClockFault, Record<string, unknown>>();
    const future = rejections.filter((r) => r.reason === 'future-timestamp').length;
    if (future > 0) found.set('clock-ahead', { samples: future });
    const ancient = rejections.filter((r) => r.reason === 'ancient-timestamp').length;
    if (ancient > 0) found.set('clock-unsynchronised', { samples: ancient });
    const previous = this.newest.get(vessel);
    let last = previous !== undefined && seq > previous.seq ? previous.t : -Infinity;
    for (const t of times) {
      if (t <= last) {
        found.set('time-went-back', { seq, fromT: last, toT: t, stepMs: t - last });
        break;
      }
      last = t;
    }
    if (times.length > 0 && (previous === undefined || seq > previous.seq)) {
      this.newest.set(vessel, { seq, t: Math.max(...times, previous?.t ?? -Infinity) });
    }
    const events: VesselEvent[] = [];
    for (const [fault, detail] of found) {
      const key = `${vessel}\t${fault}`;
      if (now - (this.flagged.get(key) ?? -Infinity) < FLAG_EVERY_MS) continue;
      this.flagged.set(key, now);
      events.push(vesselEvent('clock-fault', now, { fault, source: 'shore', ...detail }));
    }
    return events;
  }
}
