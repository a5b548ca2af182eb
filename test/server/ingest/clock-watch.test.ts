import { describe, expect, it } from 'vitest';
import { ClockWatch } from '../../../server/ingest/clock-watch.ts';
import { asVesselId } from '../../../shared/wire/ids.ts';
import type { Rejection } from '../../../shared/wire/telemetry.ts';

const V = asVesselId('fregate');
const NOW = Date.UTC(2026, 5, 1, 12);
const faults = (events: { detail: Record<string, unknown> }[]) => events.map((e) => e.detail.fault);

describe('clock watch', () => {
  it('sees nothing in batches whose times rise with their seq', () => {
    const watch = new ClockWatch();
    expect(watch.inspect(V, 1, [1000, 2000, 3000], [], NOW)).toEqual([]);
    expect(watch.inspect(V, 2, [4000, 5000], [], NOW)).toEqual([]);
  });

  it('flags time going back inside a batch', () => {
    const events = new ClockWatch().inspect(V, 1, [5000, 6000, 2000], [], NOW);
    expect(events).toEqual([{ t: NOW, kind: 'clock-fault', detail: { fault: 'time-went-back', source: 'shore', seq: 1, fromT: 6000, toT: 2000, stepMs: -4000 } }]);
  });

  it('flags a later batch starting before the previous one ended, but not a re-sent older batch', () => {
    const watch = new ClockWatch();
    watch.inspect(V, 5, [10_000, 11_000], [], NOW);
    expect(watch.inspect(V, 4, [8000, 9000], [], NOW)).toEqual([]);
    expect(faults(watch.inspect(V, 6, [3000, 4000], [], NOW))).toEqual(['time-went-back']);
  });

  it('reads future and pre-2000 refusals as a clock ahead and a clock never set', () => {
    const rejections: Rejection[] = [
      { reason: 'future-timestamp', detail: '', item: null },
      { reason: 'ancient-timestamp', detail: '', item: null },
      { reason: 'ancient-timestamp', detail: '', item: null },
    ];
    const events = new ClockWatch().inspect(V, 1, [], rejections, NOW);
    expect(events.map((e) => e.detail)).toEqual([
      { fault: 'clock-ahead', source: 'shore', samples: 1 },
      { fault: 'clock-unsynchronised', source: 'shore', samples: 2 },
    ]);
  });

  it('flags each fault of a vessel at most once in ten minutes', () => {
    const watch = new ClockWatch();
    expect(watch.inspect(V, 1, [2000, 1000], [], NOW)).toHaveLength(1);
    expect(watch.inspect(V, 2, [900, 800], [], NOW + 60_000)).toHaveLength(0);
    expect(watch.inspect(V, 3, [700, 600], [], NOW + 11 * 60_000)).toHaveLength(1);
    expect(watch.inspect(asVesselId('other'), 1, [2000, 1000], [], NOW)).toHaveLength(1);
  });
});
