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

/**
 * A curve read many times a second (the simulator reads its drive, hull and battery curves every step): the points
 * laid out once as two arrays, read exactly as `interpolate` reads them, to the last bit, without looking up the
 * points' fields by name on every read.
 */
export class Curve<X extends string = string, Y extends string = string> {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;

  constructor(points: readonly Readonly<Record<X | Y, number>>[], x: X, y: Y) {
    if (points.length === 0) throw new Error('a curve needs at least one point');
    this.xs = Float64Array.from(points, (p) => p[x]);
    this.ys = Float64Array.from(points, (p) => p[y]);
  }

  at(v: number): number {
    const xs = this.xs;
    const ys = this.ys;
    if (v <= xs[0]!) return ys[0]!;
    for (let i = 1; i < xs.length; i++) {
      if (v <= xs[i]!) return ys[i - 1]! + ((ys[i]! - ys[i - 1]!) * (v - xs[i - 1]!)) / (xs[i]! - xs[i - 1]!);
    }
    return ys[ys.length - 1]!;
  }
}
