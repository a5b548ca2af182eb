import { vesselEvent, type AlarmEventKind, type AlarmKind, type AlarmSeverity } from '../../shared/events.ts';
import type { VesselEvent } from '../../shared/wire/messages.ts';
import type { AlarmCondition } from './alarm-rules.ts';

/**
 * As on a bridge alert panel (IMO bridge alert management): an alarm is `active` until the skipper
 * acknowledges it, then `acknowledged` while its cause lasts; one whose cause went away before it was
 * acknowledged stays as `rectified` until acknowledged, so nothing the skipper has not seen disappears.
 */
export type AlarmState = 'active' | 'acknowledged' | 'rectified';

export interface Alarm {
  readonly id: string;
  readonly kind: AlarmKind;
  readonly subject: string;
  readonly severity: AlarmSeverity;
  readonly state: AlarmState;
  /** Clock time it was raised. */
  readonly since: number;
  readonly value: number;
  readonly threshold: number;
  readonly reason?: string;
}

function eventOf(kind: AlarmEventKind, t: number, alarm: Alarm): VesselEvent {
  const { id, kind: alarmKind, subject, severity, value, threshold, reason, since } = alarm;
  return vesselEvent(kind, t, { id, alarm: alarmKind, subject, severity, value, threshold, since, ...(reason ? { reason } : {}) });
}

/** The alarms on board and their acknowledgement, fed with the conditions that hold at each evaluation. */
export class AlarmBoard {
  private readonly alarms = new Map<string, Alarm>();
  /** When each condition not yet raised was first seen, for those that must persist before they count. */
  private readonly pendingSince = new Map<string, number>();

  constructor(private readonly emit: (event: VesselEvent) => void) {}

  isActive(id: string): boolean {
    const state = this.alarms.get(id)?.state;
    return state === 'active' || state === 'acknowledged';
  }

  /** Alarms to show: unacknowledged first, the most severe and the oldest first within each. */
  list(): Alarm[] {
    const rank = (a: Alarm) => (a.state === 'acknowledged' ? 2 : 0) + (a.severity === 'alarm' ? 0 : 1);
    return [...this.alarms.values()].sort((a, b) => rank(a) - rank(b) || a.since - b.since);
  }

  /** Applies the conditions holding at clock time `t`; returns whether anything the skipper sees changed. */
  update(t: number, conditions: readonly AlarmCondition[]): boolean {
    let changed = false;
    const holding = new Set<string>();
    for (const c of conditions) {
      holding.add(c.id);
      const existing = this.alarms.get(c.id);
      if (existing && existing.state !== 'rectified') {
        this.alarms.set(c.id, { ...existing, value: c.value });
        continue;
      }
      const first = this.pendingSince.get(c.id) ?? t;
      this.pendingSince.set(c.id, first);
      if (t - first < c.holdMs) continue;
      this.pendingSince.delete(c.id);
      const alarm: Alarm = {
        id: c.id, kind: c.kind, subject: c.subject, severity: c.severity, state: 'active', since: t,
        value: c.value, threshold: c.threshold, ...(c.reason ? { reason: c.reason } : {}),
      };
      this.alarms.set(c.id, alarm);
      this.emit(eventOf('alarm.raised', t, alarm));
      changed = true;
    }
    for (const id of this.pendingSince.keys()) if (!holding.has(id)) this.pendingSince.delete(id);
    for (const [id, alarm] of this.alarms) {
      if (holding.has(id) || alarm.state === 'rectified') continue;
      this.emit(eventOf('alarm.cleared', t, alarm));
      if (alarm.state === 'acknowledged') this.alarms.delete(id);
      else this.alarms.set(id, { ...alarm, state: 'rectified' });
      changed = true;
    }
    return changed;
  }

  /** The skipper has seen alarm `id`; returns false for an alarm that is not (or no longer) there. */
  acknowledge(id: string, t: number): boolean {
    const alarm = this.alarms.get(id);
    if (!alarm || alarm.state === 'acknowledged') return false;
    if (alarm.state === 'rectified') this.alarms.delete(id);
    else this.alarms.set(id, { ...alarm, state: 'acknowledged' });
    this.emit(eventOf('alarm.acknowledged', t, alarm));
    return true;
  }
}
