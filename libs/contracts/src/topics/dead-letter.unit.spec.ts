import { DEAD_LETTER_HEADERS, MAX_DEAD_LETTER_REASON_CHARS, deadLetterHeaders } from '../index';

describe('deadLetterHeaders', () => {
  const info = {
    reason: 'data.prompt: required',
    sourceTopic: 'hindsight.annotations',
    sourcePartition: 3,
    sourceOffset: '9007199254740993',
    consumerGroup: 'projector',
    failedAt: '2026-03-01T10:00:00.000Z',
  };

  it('writes every field as a string header', () => {
    expect(deadLetterHeaders(info)).toEqual({
      [DEAD_LETTER_HEADERS.reason]: 'data.prompt: required',
      'hindsight-dlq-source-topic': 'hindsight.annotations',
      'hindsight-dlq-source-partition': '3',
      'hindsight-dlq-source-offset': '9007199254740993',
      'hindsight-dlq-consumer-group': 'projector',
      'hindsight-dlq-failed-at': '2026-03-01T10:00:00.000Z',
    });
  });

  it('cuts very long reasons', () => {
    const reason = deadLetterHeaders({ ...info, reason: 'x'.repeat(5000) })[DEAD_LETTER_HEADERS.reason];
    expect(reason).toHaveLength(MAX_DEAD_LETTER_REASON_CHARS);
    expect(reason.endsWith('…')).toBe(true);
  });
});
