import type { BatchResult, EventToSend } from '@hindsight/client';
import { IllegalStateError } from '@hindsight/contracts';
import { sendEvents } from './send-events';

const event = (k: number): EventToSend => ({
  type: 'outcome.recorded',
  idempotencyKey: `k-${k}`,
  data: { interactionId: `i-${k}`, outcome: 'done', success: true },
});

describe('sendEvents', () => {
  it('sends the leading events first, then the rest in chunks, and counts what was new', async () => {
    const calls: string[][] = [];
    const sender = {
      sendBatch: async (events: readonly EventToSend[]): Promise<BatchResult> => {
        calls.push(events.map((e) => e.idempotencyKey!));
        return {
          accepted: events.length,
          rejected: 0,
          results: events.map((e, index) => ({
            index,
            status: 'accepted' as const,
            id: 'x',
            type: e.type,
            subject: { kind: 'interaction', id: 'i' },
            idempotencyKey: e.idempotencyKey!,
            recordedAt: '',
            replayed: e.idempotencyKey === 'k-9',
          })),
        };
      },
    };
    const result = await sendEvents(
      sender,
      Array.from({ length: 10 }, (_, k) => event(k)),
      { leading: 3, chunkSize: 2, concurrency: 2 },
    );
    expect(result).toEqual({ accepted: 9, replayed: 1 });
    expect(calls.slice(0, 2)).toEqual([['k-0', 'k-1'], ['k-2']]);
    expect(calls.flat().sort()).toEqual(Array.from({ length: 10 }, (_, k) => `k-${k}`).sort());
  });

  it('fails with the api’s reasons when an event is refused', async () => {
    const sender = {
      sendBatch: async (events: readonly EventToSend[]): Promise<BatchResult> => ({
        accepted: 0,
        rejected: events.length,
        results: events.map((e, index) => ({
          index,
          status: 'rejected' as const,
          idempotencyKey: e.idempotencyKey!,
          issues: [{ path: 'occurredAt', rule: 'in the future' }],
        })),
      }),
    };
    const sending = sendEvents(sender, [event(1)]);
    await expect(sending).rejects.toThrow(IllegalStateError);
    await expect(sendEvents(sender, [event(1)])).rejects.toThrow(
      'the api refused 1 of 1 events, e.g. k-1: occurredAt: in the future',
    );
  });
});
