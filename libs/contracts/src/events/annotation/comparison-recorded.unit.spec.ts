import type { z } from 'zod';
import { addComparisonIssues, checkComparison, comparisonKeepsTheRules } from './comparison-recorded';

/** Every sequence of `pool`'s items up to `max` long. */
function sequences(pool: readonly string[], max: number): string[][] {
  const all: string[][] = [[]];
  for (let length = 1; length <= max; length++)
    for (const shorter of all.filter((s) => s.length === length - 1))
      for (const item of pool) all.push([...shorter, item]);
  return all;
}

function issuesOf(check: typeof checkComparison, data: Parameters<typeof checkComparison>[0]): unknown[] {
  const issues: unknown[] = [];
  check(data, { addIssue: (issue: unknown) => issues.push(issue) } as unknown as z.RefinementCtx);
  return issues;
}

describe('comparisonKeepsTheRules', () => {
  it('holds exactly when the cross-field rules find no issue, for every small comparison', () => {
    const choices = [
      { kind: 'preferred', responseId: 'a' },
      { kind: 'preferred', responseId: 'd' },
      { kind: 'tie' },
    ] as const;
    let kept = 0;
    let broken = 0;
    for (const ids of sequences(['a', 'b', 'c'], 3))
      for (const shownOrder of sequences(['a', 'b', 'c', 'd'], 3))
        for (const choice of choices)
          for (const strength of [undefined, 2]) {
            const data = { responses: ids.map((id) => ({ id })), shownOrder, choice, strength };
            const issues = issuesOf(addComparisonIssues, data);
            expect([ids, shownOrder, choice, strength, comparisonKeepsTheRules(data)]).toEqual([
              ids,
              shownOrder,
              choice,
              strength,
              issues.length === 0,
            ]);
            // checkComparison reports what the rules find, whichever way it gets there.
            expect(issuesOf(checkComparison, data)).toEqual(issues);
            if (issues.length === 0) kept += 1;
            else broken += 1;
          }
    expect(kept).toBeGreaterThan(0);
    expect(broken).toBeGreaterThan(kept);
  });
});
