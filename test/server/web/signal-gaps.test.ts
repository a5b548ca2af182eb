import { describe, expect, it } from 'vitest';
import { signalGaps } from '../../../server/web/signal-gaps.ts';

describe('gaps of a signal from its filled buckets', () => {
  const span = { from: 0, to: 100_000 };

  it('finds none when every bucket of the span holds a value', () => {
    const buckets = Array.from({ length: 10 }, (_, k) => k * 10_000);
    expect(signalGaps(buckets, span, 10_000)).toEqual({ gaps: [], missingMs: 0, coverage: 1 });
  });

  it('makes one gap of each run of empty buckets, at the start, inside and at the end', () => {
    // Filled: 10–30 s and 60–80 s; empty: 0–10, 30–60, 80–100.
    const g = signalGaps([10_000, 20_000, 60_000, 70_000], span, 10_000);
    expect(g.gaps).toEqual([{ from: 0, to: 10_000 }, { from: 30_000, to: 60_000 }, { from: 80_000, to: 100_000 }]);
    expect(g.missingMs).toBe(60_000);
    expect(g.coverage).toBeCloseTo(0.4, 12);
  });

  it('is one gap over the whole span for a silent signal', () => {
    expect(signalGaps([], span, 10_000)).toEqual({ gaps: [span], missingMs: 100_000, coverage: 0 });
  });

  it('ignores buckets outside the span', () => {
    expect(signalGaps([-10_000, 0, 10_000, 100_000], { from: 0, to: 20_000 }, 10_000).gaps).toEqual([]);
  });
});
