import { describe, expect, it } from 'vitest';
import { alarmThresholds } from '../../../edge/alarms/config.ts';
import { OnboardAlarms } from '../../../edge/alarms/onboard-alarms.ts';
import { asSignalPath } from '../../../shared/registry/index.ts';
import { systemClock } from '../../../shared/time/clock.ts';
import type { VesselEvent } from '../../../shared/wire/messages.ts';

describe('alarm listeners', () => {
  it('a listener that throws keeps neither the alarm from being raised nor the other listeners from hearing of it', () => {
    const published: VesselEvent[] = [];
    const logs: string[] = [];
    const alarms = new OnboardAlarms({
      config: alarmThresholds({}), clock: systemClock, linkConnected: () => true, backlog: () => 0,
      publish: (event) => published.push(event), log: (msg) => logs.push(msg),
    });
    let heard = 0;
    alarms.onChange(() => {
      throw new Error('cannot redraw');
    });
    alarms.onChange(() => { heard += 1; });
    expect(() => alarms.observe({ t: Date.now(), v: { [asSignalPath('electrical.batteries.main.capacity.stateOfCharge')]: 0.1 } })).not.toThrow();
    expect(alarms.list().map((a) => a.id)).toEqual(['battery-low:main']);
    expect(published.map((e) => e.kind)).toEqual(['alarm.raised']);
    expect(heard).toBe(1);
    expect(logs).toEqual(['alarm listener failed']);
  });
});
