import { readWhileLeadersSettle } from './topic-offsets';

/** Shaped like kafkajs's KafkaJSProtocolError, which carries the broker's error type. */
function brokerError(type: string): Error {
  return Object.assign(new Error(`broker answered ${type}`), { type });
}

function fakeAdmin() {
  const refreshed: string[][] = [];
  return {
    refreshed,
    fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
      refreshed.push(topics);
      return { topics: [] };
    },
  };
}

describe('readWhileLeadersSettle', () => {
  it('reads again, with fresh metadata of the topic, while the leader is not ready', async () => {
    const admin = fakeAdmin();
    const answers = [brokerError('NOT_LEADER_FOR_PARTITION'), brokerError('LEADER_NOT_AVAILABLE'), 'offsets'];
    let reads = 0;
    const read = async () => {
      const answer = answers[reads++];
      if (answer instanceof Error) throw answer;
      return answer;
    };

    await expect(readWhileLeadersSettle(admin, 'events', read)).resolves.toBe('offsets');
    expect(reads).toBe(3);
    expect(admin.refreshed).toEqual([['events'], ['events']]);
  });

  it('recognises the broker error when kafkajs wraps it as the cause', async () => {
    const admin = fakeAdmin();
    let reads = 0;
    const read = async () => {
      if (reads++ === 0)
        throw Object.assign(new Error('retries exceeded'), { cause: brokerError('LEADER_NOT_AVAILABLE') });
      return 7;
    };

    await expect(readWhileLeadersSettle(admin, 'events', read)).resolves.toBe(7);
    expect(reads).toBe(2);
  });

  it('throws any other error at once, without reading again', async () => {
    const admin = fakeAdmin();
    let reads = 0;
    const read = async () => {
      reads++;
      throw brokerError('TOPIC_AUTHORIZATION_FAILED');
    };

    await expect(readWhileLeadersSettle(admin, 'events', read)).rejects.toThrow('TOPIC_AUTHORIZATION_FAILED');
    expect(reads).toBe(1);
    expect(admin.refreshed).toEqual([]);
  });

  it('gives up with the broker error once the leader has not settled within the budget', async () => {
    const admin = fakeAdmin();
    let reads = 0;
    const read = async () => {
      reads++;
      throw brokerError('NOT_LEADER_FOR_PARTITION');
    };

    await expect(readWhileLeadersSettle(admin, 'events', read, 200)).rejects.toThrow('NOT_LEADER_FOR_PARTITION');
    expect(reads).toBeGreaterThan(1);
  });
});
