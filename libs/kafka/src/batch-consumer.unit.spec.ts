import { assignedPartitions } from './batch-consumer';

describe('assignedPartitions', () => {
  it('names each partition of a member assignment as topic[partition], sorted', () => {
    expect(assignedPartitions({ 'h.deployment': [3, 0], 'h.annotations': [5, 1] })).toEqual([
      'h.annotations[1]',
      'h.annotations[5]',
      'h.deployment[0]',
      'h.deployment[3]',
    ]);
  });

  it('is empty for a member given nothing', () => {
    expect(assignedPartitions({})).toEqual([]);
    expect(assignedPartitions({ 'h.annotations': [] })).toEqual([]);
  });
});
