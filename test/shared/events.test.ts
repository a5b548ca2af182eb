import { describe, expect, it } from 'vitest';
import { asAlarmEvent, vesselEvent } from '../../shared/events.ts';

const raised = vesselEvent('alarm.raised', 1_000, {
  id: 'battery-low:main', alarm: 'battery-low', subject: 'main', severity: 'alarm', value: 0.2, threshold: 0.3, since: 1_000,
});

describe('vessel events', () => {
  it('are built in the wire shape, {t, kind, detail}', () => {
    expect(raised).toEqual({ t: 1_000, kind: 'alarm.raised', detail: {
      id: 'battery-low:main', alarm: 'battery-low', subject: 'main', severity: 'alarm', value: 0.2, threshold: 0.3, since: 1_000,
    } });
  });

  it('are read as alarm events when their kind is an alarm kind and their detail an alarm', () => {
    expect(asAlarmEvent(raised)?.detail.id).toBe('battery-low:main');
  });

  it('are not read as alarm events when of another kind', () => {
    expect(asAlarmEvent(vesselEvent('clock-fault', 1_000, { kind: 'jump-forward', wallT: 1_000, deltaMs: 5_000 }))).toBeUndefined();
  });

  it('are not read as alarm events when an alarm kind carries a detail that is no alarm', () => {
    expect(asAlarmEvent({ t: 1_000, kind: 'alarm.raised', detail: { id: 'battery-low:main', severity: 'catastrophic' } })).toBeUndefined();
    expect(asAlarmEvent({ t: 1_000, kind: 'alarm.cleared', detail: {} })).toBeUndefined();
  });
});
