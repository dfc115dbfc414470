import type { IdempotencyClaim, IdempotencyRecord, IdempotencyRequest } from '@hindsight/store';
import type { IdempotencyStore } from '../ingestion-ports';

interface Row {
  readonly requestHash: string;
  /** undefined while pending. */
  response?: unknown;
  readonly claimId: number;
  readonly eventId?: string;
  /** Its lease ran out (`expireLeases`): another request may take it over. */
  expired?: true;
}

/** What comes back from a JSON column: a copy. */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * Idempotency claims in memory: the fake of the IdempotencyStore port
 * (IdempotencyRepository in PostgreSQL), checked by the same contract
 * (idempotency-store.contract.ts) in in-memory-idempotency-store.unit.spec.ts.
 * A key another live claim holds is reported in flight at once (the real store
 * first waits for it; the fake has no other request to wait for), and leases
 * run out only when `expireLeases` says so (no clock).
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly rows = new Map<string, Row>();
  private claims = 0;
  private failure?: unknown;

  /** The next `claim` rejects with `error` (e.g. PostgreSQL unavailable), once. */
  failNextClaim(error: unknown): void {
    this.failure = error;
  }

  /** The leases of `tenant`'s pending claims run out (their owner is taken for dead). */
  expireLeases(tenant: string): void {
    for (const [k, row] of this.rows)
      if (k.startsWith(`${tenant}\u0000`) && row.response === undefined) row.expired = true;
  }

  /** The keys of `tenant` claimed and neither completed nor released. */
  pendingKeys(tenant: string): string[] {
    return [...this.rows]
      .filter(([k, row]) => k.startsWith(`${tenant}\u0000`) && row.response === undefined)
      .map(([k]) => k.slice(tenant.length + 1))
      .sort();
  }

  async claim(tenant: string, requests: readonly IdempotencyRequest[]): Promise<IdempotencyClaim> {
    if (this.failure !== undefined) {
      const error = this.failure;
      this.failure = undefined;
      throw error;
    }
    const claimId = ++this.claims;
    const rowKey = (key: string) => `${tenant}\u0000${key}`;
    const claimed = new Set<string>();
    const existing = new Map<string, IdempotencyRecord>();
    const inFlight = new Set<string>();
    const resumed = new Map<string, string>();
    for (const { key, requestHash, eventId } of requests) {
      if (claimed.has(key) || existing.has(key) || inFlight.has(key)) continue;
      const row = this.rows.get(rowKey(key));
      if (row === undefined) {
        this.rows.set(rowKey(key), { requestHash, claimId, eventId });
        claimed.add(key);
      } else if (row.response === undefined && row.expired) {
        // A takeover: the same request carries on with the event the dead claim stored.
        const same = row.requestHash === requestHash && row.eventId !== undefined;
        this.rows.set(rowKey(key), { requestHash, claimId, eventId: same ? row.eventId : eventId });
        claimed.add(key);
        if (same) resumed.set(key, row.eventId!);
      } else if (row.response !== undefined) {
        existing.set(key, { key, requestHash: row.requestHash, response: json(row.response) });
      } else inFlight.add(key);
    }
    const owned = (key: string) => {
      const row = this.rows.get(rowKey(key));
      return row !== undefined && row.claimId === claimId && row.response === undefined ? row : undefined;
    };
    return {
      claimed,
      existing,
      inFlight,
      resumed,
      complete: async (records) => {
        const lost: string[] = [];
        for (const { key, response } of records) {
          const row = owned(key);
          if (row === undefined) lost.push(key);
          else row.response = json(response);
        }
        return lost;
      },
      release: async (keys) => {
        for (const key of keys ?? [...claimed]) if (claimed.has(key) && owned(key)) this.rows.delete(rowKey(key));
      },
    };
  }
}
