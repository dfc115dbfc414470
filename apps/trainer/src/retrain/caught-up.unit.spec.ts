import { caughtUpCheck } from './caught-up';

const topic = 'hindsight.retraining';

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
