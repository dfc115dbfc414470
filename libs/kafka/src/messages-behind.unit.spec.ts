import { messagesBehind } from './messages-behind';

const topic = 'hindsight.configuration';
const ends = [
  { partition: 0, low: '0', high: '3' },
  { partition: 1, low: '0', high: '0' },
  { partition: 2, low: '5', high: '9' },
];

describe('messagesBehind', () => {
  it('counts every message of a partition the consumer has no position in, from its first offset', () => {
    expect(messagesBehind(ends, [], topic)).toBe(3 + 4);
  });

  it('counts from the position, and nothing for a partition read to its end or past it', () => {
    expect(
      messagesBehind(
        ends,
        [
          { topic, partition: 0, nextOffset: '1' },
          { topic, partition: 2, nextOffset: '10' },
        ],
        topic,
      ),
    ).toBe(2);
  });

  it('counts from the first offset still in the log when retention removed the position', () => {
    expect(messagesBehind(ends, [{ topic, partition: 2, nextOffset: '2' }], topic)).toBe(3 + 4);
  });

  it("ignores another topic's positions", () => {
    expect(messagesBehind(ends, [{ topic: 'other', partition: 0, nextOffset: '3' }], topic)).toBe(7);
  });

  it('is 0 once every partition is read to its end', () => {
    expect(
      messagesBehind(
        ends,
        [
          { topic, partition: 0, nextOffset: '3' },
          { topic, partition: 2, nextOffset: '9' },
        ],
        topic,
      ),
    ).toBe(0);
  });
});
