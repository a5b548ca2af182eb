/** Ordinary least squares by the normal equations (XᵀX)β = Xᵀy, solved by Gaussian elimination with pivoting. */
export function leastSquares(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const p = x[0]?.length ?? 0;
  if (x.length <= p) throw new RangeError(`need more rows (${x.length}) than columns (${p})`);
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  x.forEach((row, i) => {
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < p; k++) a[j]![k]! += row[j]! * row[k]!;
      a[j]![p]! += row[j]! * y[i]!;
    }
  });
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]!;
    // A column that never varies (a phase the reference period never saw) gets a zero coefficient.
    if (Math.abs(d) < 1e-12) { a[col]!.fill(0); a[col]![col] = 1; continue; }
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / d;
      for (let k = col; k <= p; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  return a.map((row, j) => row[p]! / row[j]!);
}

export function predict(beta: readonly number[], row: readonly number[]): number {
  return row.reduce((s, v, j) => s + v * beta[j]!, 0);
}

/**
 * (XᵀX)⁻¹ by Gauss–Jordan elimination: with the residual variance, the covariance of the least-squares coefficients.
 * A column the data never varies, or that the columns before it explain, gets zeros.
 */
export function normalMatrixInverse(x: readonly (readonly number[])[]): number[][] {
  const p = x[0]?.length ?? 0;
  const a = Array.from({ length: p }, (_, j) => [...new Array<number>(p).fill(0), ...Array.from({ length: p }, (_, k) => (k === j ? 1 : 0))]);
  for (const row of x) for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) a[j]![k]! += row[j]! * row[k]!;
  // A pivot that elimination shrank to a rounding error of its column's own scale: a column the others explain.
  const scale = a.map((row, j) => Math.abs(row[j]!));
  const dead = new Array<boolean>(p).fill(false);
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]!;
    if (Math.abs(d) <= 1e-9 * scale[col]! || scale[col] === 0) { dead[col] = true; continue; }
    for (let k = 0; k < 2 * p; k++) a[col]![k]! /= d;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f !== 0) for (let k = 0; k < 2 * p; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  return a.map((row, j) => row.slice(p).map((v, k) => (dead[j] || dead[k] ? 0 : v)));
}

/**
 * Externally studentized residuals of the least-squares fit of y on x (Belsley, Kuh & Welsch 1980): each residual over
 * the scatter of the fit without it and its leverage; under normal errors each follows Student's t on n − p − 1
 * degrees of freedom, so that one far beyond it is a point the model does not describe. Computed by refitting
 * without each point: its residual then, dᵢ, is eᵢ / (1 − hᵢᵢ), which gives the leverage without inverting XᵀX,
 * so that nearly collinear columns do no harm. A point the fit passes through whatever its value gets 0; one off
 * a line the others lie on exactly, infinity.
 */
export function studentizedResiduals(x: readonly (readonly number[])[], y: readonly number[]): number[] {
  const n = x.length;
  const p = x[0]?.length ?? 0;
  if (n <= p + 1) throw new RangeError(`need more rows (${n}) than columns (${p}) plus one`);
  const beta = leastSquares(x, y);
  return y.map((yi, i) => {
    const e = yi - predict(beta, x[i]!);
    const xs = x.filter((_, k) => k !== i);
    const ys = y.filter((_, k) => k !== i);
    const without = leastSquares(xs, ys);
    const d = yi - predict(without, x[i]!);
    const s2 = ys.reduce((s, v, k) => s + (v - predict(without, xs[k]!)) ** 2, 0) / (n - p - 1);
    return e * d > 0 ? Math.sign(e) * Math.sqrt((e * d) / s2) : 0;
  });
}
