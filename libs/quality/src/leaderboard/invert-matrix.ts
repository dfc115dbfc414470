import { invalidInput } from '../agreement/invalid-input';

/**
 * Inverts a square matrix by Gauss–Jordan elimination with partial pivoting.
 * The input is not modified.
 *
 * @example
 * invertMatrix([[4, 7], [2, 6]]); // [[0.6, -0.7], [-0.2, 0.4]]
 * @throws ValidationError when the matrix is empty, not square, holds a
 *   non-finite entry, or is singular (a pivot below 1e-12 times its scale).
 */
export function invertMatrix(matrix: readonly (readonly number[])[]): number[][] {
  const n = matrix.length;
  if (n === 0) throw invalidInput('invertMatrix', 'matrix', 'must have at least one row');
  matrix.forEach((row, i) => {
    if (row.length !== n) throw invalidInput('invertMatrix', `matrix[${i}]`, `must have ${n} entries (square matrix)`);
    row.forEach((value, j) => {
      if (!Number.isFinite(value)) throw invalidInput('invertMatrix', `matrix[${i}][${j}]`, 'must be a finite number');
    });
  });
  const scale = Math.max(...matrix.map((row) => Math.max(...row.map(Math.abs))));
  const a = matrix.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) <= 1e-12 * scale) throw invalidInput('invertMatrix', 'matrix', 'must not be singular');
    [a[col], a[pivot]] = [a[pivot], a[col]];
    const p = a[col][col];
    for (let c = 0; c < 2 * n; c++) a[col][c] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const factor = a[r][col];
      for (let c = 0; c < 2 * n; c++) a[r][c] -= factor * a[col][c];
    }
  }
  return a.map((row) => row.slice(n));
}
