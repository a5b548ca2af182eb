/**
 * Linear interpolation on a curve given as points strictly increasing in `x`, clamped to the end values outside:
 * datasheets give a few points and nothing beyond them, so holding the last value is the least surprising reading.
 */
export function interpolate<X extends string, Y extends string>(
  points: readonly Readonly<Record<X | Y, number>>[], x: X, y: Y, at: number,
): number {
  const first = points[0]!;
  if (at <= first[x]) return first[y];
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (at <= b[x]) {
      const a = points[i - 1]!;
      return a[y] + ((b[y] - a[y]) * (at - a[x])) / (b[x] - a[x]);
    }
  }
  return points[points.length - 1]![y];
}
