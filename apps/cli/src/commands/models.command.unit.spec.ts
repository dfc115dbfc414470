import type { ModelComparison, OutcomeAuditView } from '@hindsight/training';
import { renderComparison, renderModelTable } from './models.command';

const slice = (surface: string | null) => ({
  surface,
  interactions: 400,
  successes: 200,
  auc: 0.31,
  ci: [0.26, 0.36],
  parentAuc: 0.69,
  parentCi: [0.64, 0.74],
  difference: -0.38,
  differenceCi: [-0.45, -0.31],
  worseThanParent: true,
});
const flaggedAudit: OutcomeAuditView = {
  auditId: 'audit-1',
  parentVersion: 'helpfulness-r1',
  asOf: '2026-07-01T00:00:00.000Z',
  trigger: 'registration',
  method: 'delong-1988',
  level: 0.95,
  flagged: true,
  overall: slice(null),
  bySurface: [slice('chat')],
  recordedAt: '2026-07-01T00:00:01.000Z',
};

describe('models rendering', () => {
  it('tabulates models with their held-out metrics', () => {
    const text = renderModelTable([
      {
        modelVersion: 'helpfulness-r2',
        objective: 'helpfulness',
        runId: 'r2',
        parentVersion: 'helpfulness-r1',
        policyId: null,
        asOf: '2026-06-30T22:00:00.000Z',
        datasetSha256: 'a'.repeat(64),
        metrics: { pairwiseAccuracy: 0.7712, logLoss: 0.49, expectedCalibrationError: 0.061 },
        createdAt: '2026-07-01T00:00:00.000Z',
        outcomeAudit: flaggedAudit,
      },
    ]);
    expect(text.split('\n')[0]).toMatch(
      /^model version\s+objective\s+as of\s+accuracy\s+log loss\s+ECE\s+outcome AUC\s+parent\s+vs parent$/,
    );
    expect(text.split('\n')[1]).toMatch(
      /^helpfulness-r2\s+helpfulness\s+2026-06-30T22:00:00.000Z\s+0\.771\s+0\.490\s+0\.061\s+0\.310\s+helpfulness-r1\s+FLAGGED$/,
    );
    expect(renderModelTable([])).toBe('no models registered\n');
  });

  it('shows deltas per objective, origins and the dataset diff', () => {
    const comparison: ModelComparison = {
      a: { ref: 'run-1', models: [] },
      b: { ref: 'run-2', models: [] },
      objectives: [
        {
          objective: 'honesty',
          a: {
            modelVersion: 'honesty-run-1',
            policyId: 'p-1',
            asOf: '2026-03-31T22:00:00.000Z',
            datasetSha256: 'a'.repeat(64),
          },
          b: {
            modelVersion: 'honesty-run-2',
            policyId: 'p-1',
            asOf: '2026-06-30T22:00:00.000Z',
            datasetSha256: 'b'.repeat(64),
          },
          metrics: [
            { name: 'pairwiseAccuracy', a: 0.7, b: 0.75, delta: 0.05 },
            { name: 'outcomeAuc', a: null, b: 0.61, delta: null },
          ],
          sameDataset: false,
          datasetDiff: {
            added: { count: 120, byReason: { new: 118, 'was tie': 2 } },
            removed: { count: 3, byReason: { retracted: 3 } },
            relabelled: { count: 1 },
            unchanged: 800,
          },
          outcomes: { a: null, b: flaggedAudit, bFlagged: true },
        },
      ],
    };
    expect(renderComparison(comparison).split('\n')).toEqual([
      'objective honesty',
      '  A honesty-run-1  policy p-1  as of 2026-03-31T22:00:00.000Z',
      '  B honesty-run-2  policy p-1  as of 2026-06-30T22:00:00.000Z',
      '  metric                    A          B       B - A',
      '  pairwiseAccuracy     0.7000     0.7500     +0.0500',
      '  outcomeAuc                -     0.6100           -',
      '  training sets: +120 pairs {"new":118,"was tie":2}, -3 pairs {"retracted":3}, 1 relabelled, 800 unchanged',
      '  outcomes: B is FLAGGED: it agrees less with outcomes than its parent helpfulness-r1',
      '  A outcome audit: none (hindsight models audit VERSION --tenant T)',
      expect.stringMatching(/^  B outcome audit: FLAGGED: agrees less with outcomes than its parent helpfulness-r1 /),
      expect.stringMatching(/^  B   surface\s+n\s+ok\s+AUC\s+parent AUC\s+difference$/),
      expect.stringMatching(
        /^  B   \(all\)\s+400\s+200\s+0\.310 \[0\.260, 0\.360\]\s+0\.690 \[0\.640, 0\.740\]\s+-0\.380 \[-0\.450, -0\.310\]  worse$/,
      ),
      '',
    ]);
  });
});
