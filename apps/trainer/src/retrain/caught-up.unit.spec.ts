import { caughtUpCheck, readUpTo } from './caught-up';

const topic = 'hindsight.retraining';

describe('readUpTo', () => {
  it('is true only when every partition with messages was read to its end', () => {
    const ends = [
      { partition: 0, low: '0', high: '3' },
      { partition: 1, low: '0', high: '0' },
      { partition: 2, low: '5', high: '5' },
    ];
    expect(readUpTo(ends, [], topic)).toBe(false);
    expect(readUpTo(ends, [{ topic, partition: 0, nextOffset: '2' }], topic)).toBe(false);
    expect(readUpTo(ends, [{ topic: 'other', partition: 0, nextOffset: '3' }], topic)).toBe(false);
    expect(readUpTo(ends, [{ topic, partition: 0, nextOffset: '3' }], topic)).toBe(true);
  });
});

describe('caughtUpCheck', () => {
  it('takes the ends once and stays true once reached', async () => {
    let fetched = 0;
    let next = '1';
    const check = caughtUpCheck(
      async () => {
        fetched += 1;
        return [{ partition: 0, low: '0', high: '2' }];
      },
      async () => [{ topic, partition: 0, nextOffset: next }],
      topic,
    );
    expect(await check()).toBe(false);
    next = '2';
    expect(await check()).toBe(true);
    next = '0';
    expect(await check()).toBe(true);
    expect(fetched).toBe(1);
  });
});
