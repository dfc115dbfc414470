import { ValidationError } from '@hindsight/contracts';
import { minimizeLbfgs } from './minimize-lbfgs';

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function at (1, 1)', () => {
    // Rosenbrock (1960): f = (1 − x)² + 100 (y − x²)², global minimum f(1, 1) = 0.
    const result = minimizeLbfgs(
      (p, g) => {
        const [x, y] = p;
        g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
        g[1] = 200 * (y - x * x);
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { maxIterations: 200, gradientTolerance: 1e-10, functionTolerance: 0 },
    );
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
  });

  it('reports each iteration and rejects a bad iteration count', () => {
    const seen: number[] = [];
    minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * (x[0] - 3);
        return (x[0] - 3) ** 2;
      },
      Float64Array.of(0),
      {
        maxIterations: 5,
        onIteration: (iteration) => seen.push(iteration),
      },
    );
    expect(seen[0]).toBe(1);
    expect(() => minimizeLbfgs(() => 0, Float64Array.of(0), { maxIterations: 0 })).toThrow(ValidationError);
  });
});
