import { ledgerOf, type StoredEvent } from './ledger';
import type { LoadRecord } from './load';

const answer = (
  key: string,
  status: number,
  id?: string,
  retryAfter: string | null = status === 503 ? '1' : null,
): LoadRecord => ({ idempotencyKey: key, startedAt: 0, endedAt: 1, status, id, retryAfter });
const row = (id: string, key: string): StoredEvent => ({ id, idempotency_key: key });
const check = (ledger: ReturnType<typeof ledgerOf>, name: string) => ledger.checks.find((c) => c.name === name)!.ok;

describe('the faults accounting of answers against the event store', () => {
  it('counts nothing when every 202 is stored once and a 503 is stored at most once', () => {
    const ledger = ledgerOf(
      [row('a', 'k1'), row('c', 'k3')],
      [answer('k1', 202, 'a'), answer('k2', 503), answer('k3', 503), answer('k4', 0)],
    );
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, refusedButStored: 1 });
    expect(ledger.checks.every((c) => c.ok)).toBe(true);
  });

  it('counts a 202 whose id is absent, or stored under another key, as lost', () => {
    expect(ledgerOf([], [answer('k1', 202, 'a')]).lost).toBe(1);
    const moved = ledgerOf([row('a', 'other')], [answer('k1', 202, 'a')]);
    expect(moved.lost).toBe(1);
    expect(check(moved, 'accepted stored under their 202 id')).toBe(false);
  });

  it('counts an id stored twice and a key stored under two ids as duplicated, whatever the answer', () => {
    expect(ledgerOf([row('a', 'k1'), row('a', 'k1')], [answer('k1', 202, 'a')]).duplicated).toBe(1);
    const byKey = ledgerOf([row('a', 'k2'), row('b', 'k2')], [answer('k2', 503)]);
    expect(byKey.duplicated).toBe(1);
    expect(check(byKey, 'refused or unanswered, stored at most once')).toBe(false);
  });

  it('fails the checks on a 500 and on a 503 without Retry-After', () => {
    const ledger = ledgerOf([], [answer('k1', 500), answer('k2', 503, undefined, null)]);
    expect(check(ledger, 'no answer but 202, 503 or none')).toBe(false);
    expect(check(ledger, '503 carries Retry-After')).toBe(false);
  });
});
