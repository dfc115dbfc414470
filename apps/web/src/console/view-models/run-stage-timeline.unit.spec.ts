import { runStageTimeline } from './run-stage-timeline';

const statuses = (state: string | null, failure: unknown = null) =>
  runStageTimeline(state, failure).map((s) => s.status);

describe('runStageTimeline', () => {
  it('marks the stages before the state done and the state current', () => {
    expect(statuses('dataset-built')).toEqual(['done', 'current', 'pending', 'pending', 'pending']);
    expect(statuses('completed')).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(statuses(null)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
  });

  it('marks the stage a failure names as failed', () => {
    expect(statuses('failed', { stage: 'quality-gate', reasons: [] })).toEqual([
      'done',
      'done',
      'failed',
      'pending',
      'pending',
    ]);
    expect(statuses('failed', { stage: 'dataset' })).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(statuses('failed', { stage: 'evaluation' })).toEqual(['done', 'done', 'done', 'failed', 'pending']);
    expect(statuses('failed', null)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
  });
});
