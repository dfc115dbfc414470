import { checkSubmission, type ServedAssignment } from './submission-check';

const served: ServedAssignment = {
  id: 'a1',
  queueId: 'q1',
  taskId: 't1',
  raterId: 'rater-1',
  shownOrder: ['r2', 'r1'],
};
const submitted = { assignmentId: 'a1', queueId: 'q1', taskId: 't1', raterId: 'rater-1', shownOrder: ['r2', 'r1'] };

describe('checkSubmission', () => {
  it('accepts the order, rater, task and queue that were served', () => {
    expect(checkSubmission(submitted, served, 'data.')).toEqual([]);
  });

  it('names the shown order when it differs from the one served', () => {
    expect(checkSubmission({ ...submitted, shownOrder: ['r1', 'r2'] }, served, 'data.')).toEqual([
      { path: 'data.shownOrder', rule: 'must equal the order served for assignment a1' },
    ]);
  });

  it('names each other field that does not match, under the prefix', () => {
    const issues = checkSubmission(
      { ...submitted, raterId: 'rater-2', taskId: 't9', queueId: undefined },
      served,
      'events[3].data.',
    );
    expect(issues.map((i) => i.path)).toEqual([
      'events[3].data.queueId',
      'events[3].data.taskId',
      'events[3].data.raterId',
    ]);
  });

  it('rejects an assignment that is unknown to the tenant on data.assignmentId alone', () => {
    expect(checkSubmission({ ...submitted, shownOrder: ['r1', 'r2'] }, undefined, 'data.')).toEqual([
      { path: 'data.assignmentId', rule: 'must name an assignment of this tenant (no assignment a1)' },
    ]);
  });
});
