import type { ModelSummaryJson } from './api-types';
import { modelLineage } from './model-lineage';

const model = (
  modelVersion: string,
  parentVersion: string | null,
  metrics: Record<string, number>,
): ModelSummaryJson => ({
  modelVersion,
  objective: 'helpfulness',
  runId: modelVersion.replace('helpfulness-', ''),
  parentVersion,
  policyId: 'p1',
  asOf: '2026-10-01T00:00:00.000Z',
  datasetSha256: 'abc',
  metrics,
  createdAt: '2026-10-01T00:00:01.000Z',
  outcomeAudit: null,
});

describe('modelLineage', () => {
  it('walks the ancestors and gives every metric minus the parent’s', () => {
    const entries = modelLineage([
      model('helpfulness-r3', 'helpfulness-r2', { pairwiseAccuracy: 0.75, logLoss: 0.5 }),
      model('helpfulness-r2', 'helpfulness-r1', { pairwiseAccuracy: 0.7, logLoss: 0.6, outcomeAuc: 0.6 }),
      model('helpfulness-r1', null, { pairwiseAccuracy: 0.6 }),
    ]);
    expect(entries[0].ancestors).toEqual(['helpfulness-r2', 'helpfulness-r1']);
    expect(entries[0].metrics).toEqual([
      { name: 'logLoss', value: 0.5, parent: 0.6, delta: 0.5 - 0.6 },
      { name: 'outcomeAuc', value: null, parent: 0.6, delta: null },
      { name: 'pairwiseAccuracy', value: 0.75, parent: 0.7, delta: 0.75 - 0.7 },
    ]);
    expect(entries[2]).toMatchObject({
      ancestors: [],
      metrics: [{ name: 'pairwiseAccuracy', value: 0.6, parent: null, delta: null }],
    });
  });

  it('stops at a parent outside the list and at a cycle', () => {
    const entries = modelLineage([model('a', 'b', {}), model('b', 'a', {}), model('c', 'gone', { x: 1 })]);
    expect(entries[0].ancestors).toEqual(['b']);
    expect(entries[2].ancestors).toEqual(['gone']);
    expect(entries[2].metrics).toEqual([{ name: 'x', value: 1, parent: null, delta: null }]);
  });
});
