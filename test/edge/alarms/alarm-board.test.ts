import { describe, expect, it } from 'vitest';
import { AlarmBoard } from '../../../edge/alarms/alarm-board.ts';
import type { AlarmCondition } from '../../../edge/alarms/alarm-rules.ts';
import type { VesselEvent } from '../../../shared/wire/messages.ts';

const low: AlarmCondition = { id: 'battery-low:main', kind: 'battery-low', subject: 'main', severity: 'alarm', value: 0.28, threshold: 0.3, holdMs: 0 };
const silent: AlarmCondition = { id: 'device-silent:navigation', kind: 'device-silent', subject: 'navigation', severity: 'warning', value: 12_000, threshold: 10_000, holdMs: 0 };

function board() {
  const events: VesselEvent[] = [];
  return { board: new AlarmBoard((e) => events.push(e)), events };
}

describe('alarm board', () => {
  it('raises an alarm once, with an event for shore carrying what crossed which limit', () => {
    const { board: b, events } = board();
    expect(b.update(1000, [low])).toBe(true);
    expect(b.update(2000, [low])).toBe(false);
    expect(events).toEqual([{ t: 1000, kind: 'alarm.raised', detail: { id: 'battery-low:main', alarm: 'battery-low', subject: 'main', severity: 'alarm', value: 0.28, threshold: 0.3, since: 1000 } }]);
    expect(b.list()).toMatchObject([{ id: 'battery-low:main', state: 'active' }]);
  });

  it('keeps an acknowledged alarm while its cause lasts, and drops it when the cause goes', () => {
    const { board: b, events } = board();
    b.update(1000, [low]);
    expect(b.acknowledge('battery-low:main', 1500)).toBe(true);
    expect(b.list()).toMatchObject([{ state: 'acknowledged' }]);
    b.update(3000, []);
    expect(b.list()).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['alarm.raised', 'alarm.acknowledged', 'alarm.cleared']);
  });

  it('keeps an alarm whose cause went before anyone saw it, until it is acknowledged', () => {
    const { board: b } = board();
    b.update(1000, [low]);
    b.update(2000, []);
    expect(b.list()).toMatchObject([{ state: 'rectified' }]);
    expect(b.acknowledge('battery-low:main', 2500)).toBe(true);
    expect(b.list()).toEqual([]);
    expect(b.acknowledge('battery-low:main', 2600)).toBe(false);
  });

  it('raises a condition that must persist only once it has held long enough', () => {
    const { board: b } = board();
    const fault = { ...low, id: 'generator-fault:gen1', kind: 'generator-fault' as const, holdMs: 30_000 };
    b.update(0, [fault]);
    b.update(29_000, [fault]);
    expect(b.list()).toEqual([]);
    b.update(30_000, [fault]);
    expect(b.list()).toMatchObject([{ id: 'generator-fault:gen1', since: 30_000 }]);
  });

  it('forgets a transient that stopped before its hold time', () => {
    const { board: b } = board();
    const fault = { ...low, holdMs: 30_000 };
    b.update(0, [fault]);
    b.update(10_000, []);
    b.update(35_000, [fault]);
    expect(b.list()).toEqual([]);
  });

  it('lists unacknowledged alarms before warnings, and acknowledged ones last', () => {
    const { board: b } = board();
    b.update(1000, [silent]);
    b.update(2000, [silent, low]);
    expect(b.list().map((a) => a.id)).toEqual(['battery-low:main', 'device-silent:navigation']);
    b.acknowledge('battery-low:main', 3000);
    expect(b.list().map((a) => a.id)).toEqual(['device-silent:navigation', 'battery-low:main']);
  });
});
