import type { EntityManager } from 'typeorm';
import { lockOffsets, offsetIsBefore, saveOffsets, type ConsumedMessage } from './consumer-offsets';

describe('offsetIsBefore', () => {
  it('orders offsets as BigInt does, plain or not', () => {
    const offsets = ['0', '1', '9', '10', '11', '99', '100', '123456789', '9007199254740993', '9223372036854775807'];
    const odd = ['007', '-1', '+5', ' 12', '0x10', ''];
    for (const a of [...offsets, ...odd])
      for (const b of [...offsets, ...odd]) expect([a, b, offsetIsBefore(a, b)]).toEqual([a, b, BigInt(a) < BigInt(b)]);
  });

  it('refuses what is no integer, as BigInt does', () => {
    expect(() => offsetIsBefore('1e3', '5')).toThrow(SyntaxError);
  });
});

/** A transaction that records its statements' parameters and answers the offsets lock with `stored`. */
function recordingTx(stored: { topic: string; partition: number; next_offset: string }[] = []) {
  const params: unknown[][] = [];
  const tx = {
    query: async (_sql: string, values: unknown[]) => {
      params.push(values);
      return stored;
    },
  } as unknown as EntityManager;
  return { tx, params };
}

const at = (topic: string, partition: number, offset: string): ConsumedMessage => ({
  topic,
  partition,
  offset,
  deadLetter: { reason: 'r', key: null, value: null, headers: {} },
});

describe('saveOffsets', () => {
  it('moves each partition past its highest offset, in the order the partitions were first met, runs or not', async () => {
    const { tx, params } = recordingTx();
    await saveOffsets(tx, 'g', [
      at('t', 1, '5'),
      at('t', 1, '9'),
      at('t', 0, '100'),
      at('u', 1, '7'),
      at('t', 1, '10'),
      at('t', 1, '3'),
      at('t', 0, '99'),
    ]);
    expect(JSON.parse(params[0][1] as string)).toEqual([
      { topic: 't', partition: 1, next_offset: '11' },
      { topic: 't', partition: 0, next_offset: '101' },
      { topic: 'u', partition: 1, next_offset: '8' },
    ]);
  });
});

describe('lockOffsets', () => {
  it('locks each partition once, in the order first met, and keys the stored offsets by partition', async () => {
    const { tx, params } = recordingTx([{ topic: 't', partition: 1, next_offset: '42' }]);
    const stored = await lockOffsets(tx, 'g', [at('t', 1, '5'), at('t', 1, '6'), at('t', 0, '1'), at('t', 1, '7')]);
    expect(JSON.parse(params[0][1] as string)).toEqual([
      { topic: 't', partition: 1 },
      { topic: 't', partition: 0 },
    ]);
    expect([...stored]).toEqual([['t\u00001', 42n]]);
  });
});
