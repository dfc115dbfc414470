import type { ModelComparison } from '@hindsight/training';
import { renderModelComparison } from './render-model-comparison';

const side = (v: string) => ({ modelVersion: v, policyId: 'p', asOf: '2027-01-01T00:00:00.000Z', datasetSha256: v });

describe('renderModelComparison', () => {
  it('puts the previous and the new metrics side by side with the change and its direction', () => {
    const comparison: ModelComparison = {
      a: { ref: 'run-1', models: [] },
      b: { ref: 'run-2', models: [] },
      objectives: [
        {
          objective: 'helpfulness',
          a: side('helpfulness-run-1'),
          b: side('helpfulness-run-2'),
          metrics: [
            { name: 'logLoss', a: 0.68, b: 0.66, delta: -0.02 },
            { name: 'pairwiseAccuracy', a: 0.6, b: 0.65, delta: 0.05 },
            { name: 'heldOutPairs', a: 100, b: 210, delta: 110 },
            { name: 'somethingNew', a: null, b: 1.5, delta: null },
          ],
          sameDataset: false,
          datasetDiff: {
            added: { count: 900, byReason: {} },
            removed: { count: 3, byReason: {} },
            relabelled: { count: 0 },
            unchanged: 700,
          },
          outcomes: { a: null, b: null, bFlagged: false },
        },
      ],
    };
    const lines = renderModelComparison(comparison, { a: 'v1 (2027-Q1)', b: 'v2 (2027-Q2)' }).split('\n');
    expect(lines[0]).toMatch(/^objective\s+metric\s+v1 \(2027-Q1\)\s+v2 \(2027-Q2\)\s+change$/);
    expect(lines[2]).toMatch(/^helpfulness\s+held-out pairwise accuracy\s+0\.6000\s+0\.6500\s+\+0\.0500\s+better$/);
    expect(lines[3]).toMatch(/held-out log loss\s+0\.6800\s+0\.6600\s+-0\.0200\s+better$/);
    expect(lines[4]).toMatch(/held-out pairs\s+100\s+210\s+\+110$/);
    expect(lines[5]).toMatch(/somethingNew\s+–\s+1\.5000\s+–$/);
    expect(lines.at(-1)).toBe('helpfulness: training set +900 pairs, -3, 0 relabelled, 700 unchanged');
  });
});
