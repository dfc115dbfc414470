import type { ScenarioCheck } from '../scenario';
import type { LoadRecord } from './load';

/** One row of the tenant's `events`. */
export interface StoredEvent {
  readonly id: string;
  readonly idempotency_key: string;
}

export interface Ledger {
  /** Answered 202 but absent from `events` (or stored under another id than the 202 named). */
  readonly lost: number;
  /** Stored more than once, by event id or by idempotency key, whatever the answer was. */
  readonly duplicated: number;
  /** Answered 503 or not answered, and stored once anyway (safe: a retry with the same key is recognised). */
  readonly refusedButStored: number;
  readonly checks: ScenarioCheck[];
}

/** The accounting of what the load was told against what the event store holds. */
export function ledgerOf(rows: readonly StoredEvent[], records: readonly LoadRecord[]): Ledger {
  const byId = new Map<string, number>();
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    byId.set(row.id, (byId.get(row.id) ?? 0) + 1);
    byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row.id]);
  }
  let lost = 0;
  let wrongId = 0;
  let refusedButStored = 0;
  let noRetryAfter = 0;
  const otherStatuses: Record<string, number> = {};
  for (const r of records) {
    const stored = byKey.get(r.idempotencyKey) ?? [];
    if (r.status === 202) {
      if (r.id === undefined || (byId.get(r.id) ?? 0) === 0) lost++;
      else if (!stored.includes(r.id)) wrongId++;
    } else if (stored.length > 0) refusedButStored++;
    if (r.status !== 202 && r.status !== 503 && r.status !== 0)
      otherStatuses[String(r.status)] = (otherStatuses[String(r.status)] ?? 0) + 1;
    if (r.status === 503 && !(Number(r.retryAfter) > 0)) noRetryAfter++;
  }
  const duplicateIds = [...byId.values()].filter((n) => n > 1).length;
  const duplicateKeys = [...byKey.values()].filter((ids) => ids.length > 1).length;
  const unanswered = records.filter((r) => r.status === 0).length;
  const others = Object.keys(otherStatuses).length;
  return {
    lost: lost + wrongId,
    duplicated: Math.max(duplicateIds, duplicateKeys),
    refusedButStored,
    checks: [
      {
        name: 'duplicates by id and by key',
        ok: duplicateIds === 0 && duplicateKeys === 0,
        detail: `${duplicateIds} ids and ${duplicateKeys} idempotency keys stored more than once`,
      },
      {
        name: 'accepted stored under their 202 id',
        ok: wrongId === 0,
        detail: `${wrongId} accepted events stored under another id`,
      },
      {
        name: 'no answer but 202, 503 or none',
        ok: others === 0,
        detail: others === 0 ? 'only 202/503' : `other answers: ${JSON.stringify(otherStatuses)}`,
      },
      {
        name: '503 carries Retry-After',
        ok: noRetryAfter === 0,
        detail: `${noRetryAfter} refusals without Retry-After`,
      },
      {
        name: 'refused or unanswered, stored at most once',
        ok: duplicateKeys === 0,
        detail: `${refusedButStored} refused/unanswered stored once, ${unanswered} unanswered`,
      },
    ],
  };
}
