import { datasetDiffView } from './dataset-diff-view';

describe('datasetDiffView', () => {
  it('lists added and removed pairs by reason, then relabelled and unchanged', () => {
    const view = datasetDiffView({
      added: { count: 12, byReason: { new: 10, 'was tie': 2 } },
      removed: { count: 3, byReason: { retracted: 3 } },
      relabelled: { count: 1 },
      unchanged: 90,
    });
    expect([view.added, view.removed, view.relabelled, view.unchanged]).toEqual([12, 3, 1, 90]);
    expect(view.rows).toEqual([
      { change: 'added', reason: 'new', pairs: 10 },
      { change: 'added', reason: 'was tie', pairs: 2 },
      { change: 'removed', reason: 'retracted', pairs: 3 },
      { change: 'relabelled', reason: null, pairs: 1 },
      { change: 'unchanged', reason: null, pairs: 90 },
    ]);
  });
});
