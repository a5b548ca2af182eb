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
