/** A stretch with no value of a signal, [from, to) in epoch ms. */
export interface Gap { readonly from: number; readonly to: number }

export interface SignalGaps {
  readonly gaps: readonly Gap[];
  readonly missingMs: number;
  /** Share of the span's buckets holding at least one value. */
  readonly coverage: number;
}

/**
 * Gaps of one signal within a span, from the start times of the downsampling buckets that hold a value: every run
 * of empty buckets is one gap. Resolution is the step: silences shorter than one bucket do not show.
 */
export function signalGaps(filledBuckets: readonly number[], span: Gap, stepMs: number): SignalGaps {
  const gaps: Gap[] = [];
  let cursor = span.from;
  for (const t of filledBuckets) {
    if (t < span.from || t >= span.to) continue;
    if (t > cursor) gaps.push({ from: cursor, to: t });
    cursor = Math.max(cursor, t + stepMs);
  }
  if (cursor < span.to) gaps.push({ from: cursor, to: span.to });
  const missingMs = gaps.reduce((s, g) => s + (g.to - g.from), 0);
  const spanMs = span.to - span.from;
  return { gaps, missingMs, coverage: spanMs > 0 ? 1 - missingMs / spanMs : 1 };
}
