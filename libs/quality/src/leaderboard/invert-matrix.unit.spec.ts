import { ValidationError } from '@hindsight/contracts';
import { invertMatrix } from './invert-matrix';

describe('invertMatrix', () => {
  it('inverts a 2x2 matrix (closed form: 1/(ad-bc) [[d,-b],[-c,a]])', () => {
    const inv = invertMatrix([
      [4, 7],
      [2, 6],
    ]);
    // det = 4*6 - 7*2 = 10
    expect(inv[0][0]).toBeCloseTo(0.6, 12);
    expect(inv[0][1]).toBeCloseTo(-0.7, 12);
    expect(inv[1][0]).toBeCloseTo(-0.2, 12);
    expect(inv[1][1]).toBeCloseTo(0.4, 12);
  });

  it('needs pivoting when the first pivot is zero, and A * inv(A) = I', () => {
    const a = [
      [0, 2, 1],
      [1, 1, 0],
      [3, 0, 1],
    ];
    const inv = invertMatrix(a);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const product = a[i].reduce((sum, v, k) => sum + v * inv[k][j], 0);
        expect(product).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
  });

  it('throws a named ValidationError for singular, non-square and empty input', () => {
    expect(() =>
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow(ValidationError);
    expect(() =>
      invertMatrix([
        [1, 2],
        [2, 4],
      ]),
    ).toThrow('invertMatrix: matrix must not be singular');
    expect(() => invertMatrix([[1, 2]])).toThrow('invertMatrix: matrix[0]');
    expect(() => invertMatrix([])).toThrow('invertMatrix: matrix must have at least one row');
    expect(() => invertMatrix([[Number.NaN]])).toThrow('must be a finite number');
  });
});
