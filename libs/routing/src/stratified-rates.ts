/** Counts per stratification cell (`objective|surface|locale|length bucket`). */
export type CellCounts = ReadonlyMap<string, number>;

export interface StratifiedRatesInput {
  /** Production interactions per cell over the window the drift measure looks at. */
  readonly production: CellCounts;
  /** Annotated comparisons per cell (a comparison not routed from an interaction has surface `-`). */
  readonly annotated: CellCounts;
  /** The rule's rate: the routing budget is what uniform sampling at this rate would route. */
  readonly rate: number;
  /** Highest rate any cell is raised to (default 1). */
  readonly maxRate?: number;
}

/**
 * Per-cell sampling rates that spend the same budget as uniform sampling at `rate`
 * (B = rate × production total) on the cells whose share of the annotated comparisons is
 * below their share of production traffic. With A annotated comparisons, a cell's deficit is
 * d = max(0, productionShare × (A + B) − annotated): what it lacks for the annotated data,
 * after this routing, to have production's mix. B is split in proportion to the deficits and
 * each cell's rate is its share of B over its production count, capped at `maxRate`. When no
 * cell lacks anything the rates are uniform. Cells absent from `production` get `rate`. Pure.
 *
 * @example stratifiedRates({ production: new Map([['a', 900], ['b', 100]]), annotated: new Map([['a', 100]]), rate: 0.1 })
 *   // a: 0.0888… (80/900), b: 0.2: b (10 % of traffic, 0 % of annotations) is raised to twice the rule's rate
 * @throws RangeError naming stratifiedRates when a rate is outside [0, 1] or a count is negative.
 */
export function stratifiedRates(input: StratifiedRatesInput): {
  rates: Map<string, number>;
  rateOf: (cell: string) => number;
} {
  const { production, annotated, rate } = input;
  const maxRate = input.maxRate ?? 1;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`stratifiedRates: rate must be in [0, 1] (got ${rate})`);
  if (!(maxRate >= 0 && maxRate <= 1))
    throw new RangeError(`stratifiedRates: maxRate must be in [0, 1] (got ${maxRate})`);
  for (const [cell, n] of [...production, ...annotated])
    if (!(n >= 0)) throw new RangeError(`stratifiedRates: the count of cell ${cell} must be ≥ 0 (got ${n})`);
  const productionTotal = sum(production.values());
  const annotatedTotal = sum(annotated.values());
  const budget = rate * productionTotal;
  const deficits = new Map<string, number>();
  for (const [cell, n] of production) {
    const share = productionTotal === 0 ? 0 : n / productionTotal;
    deficits.set(cell, Math.max(0, share * (annotatedTotal + budget) - (annotated.get(cell) ?? 0)));
  }
  const deficitTotal = sum(deficits.values());
  const rates = new Map<string, number>();
  for (const [cell, n] of production) {
    const wanted = deficitTotal === 0 ? rate : n === 0 ? 0 : (budget * (deficits.get(cell) ?? 0)) / deficitTotal / n;
    rates.set(cell, Math.min(maxRate, wanted));
  }
  return { rates, rateOf: (cell) => rates.get(cell) ?? Math.min(maxRate, rate) };
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
