import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { postgresUnavailableReason } from '../postgres-unavailable';
import { GroupCommit } from './group-commit';
import { textArrayLiteral } from './text-array-literal';

export interface IdempotencyRequest {
  readonly key: string;
  readonly requestHash: string;
  /**
   * The id (a UUID) of the event this request publishes under the key, stored with its pending claim: a
   * request with the same hash that takes the claim over after its lease ran out is handed it (`resumed`).
   */
  readonly eventId?: string;
}

export interface IdempotencyRecord {
  readonly key: string;
  readonly requestHash: string;
  readonly response: unknown;
}

export interface IdempotencyClaim {
  /** Keys this request now owns: publish their events, then `complete` or `release` them. */
  readonly claimed: ReadonlySet<string>;
  /** Keys an earlier request completed, with its request hash and response (the caller compares the hash). */
  readonly existing: ReadonlyMap<string, IdempotencyRecord>;
  /** Keys another live request still held when the wait ran out (rare; the caller answers "retry"). */
  readonly inFlight: ReadonlySet<string>;
  /**
   * Claimed keys taken over from a claim whose lease ran out, made with the same request hash and an event id:
   * that id. Its owner may have published before it died, so this request publishes that event again (same id,
   * same `recordedAt`) rather than its own; the projector keeps one copy of an id.
   */
  readonly resumed: ReadonlyMap<string, string>;
  /**
   * Stores the responses of claimed keys, in one statement. Returns the keys it
   * could not complete because the claim was taken over after its lease ran out.
   */
  complete(records: readonly { readonly key: string; readonly response: unknown }[]): Promise<string[]>;
  /**
   * Deletes this request's pending claims (after a failed publish), in one statement, so a retry can claim them;
   * with `keys`, only those of them (the claims of events it decided not to publish).
   */
  release(keys?: readonly string[]): Promise<void>;
}

export interface IdempotencyOptions {
  /**
   * How long a pending claim belongs to its request. After that its owner is
   * taken for dead and another request with the key may take the claim over, so
   * it must exceed the longest publish (the api derives it from PUBLISH_ACK_TIMEOUT_MS).
   */
  readonly leaseMs: number;
  /** How long `claim` waits for keys other requests hold before it reports them `inFlight`; default two leases. */
  readonly maxWaitMs?: number;
}

interface ClaimRow {
  readonly key: string;
  readonly claimed: boolean;
  /** NULL when the key was neither claimed nor found: its row was released between the two statements; look again. */
  readonly found_key: string | null;
  readonly request_hash: string | null;
  readonly response: unknown;
  readonly pending: boolean | null;
  readonly expired: boolean | null;
  readonly claim_id: string | null;
}

/** Claims and completions of at most this many requests share one statement. */
const MAX_GROUP_REQUESTS = 256;

/**
 * How long a completion waits for others before its UPDATE. Completions are stored after the 202 (nobody waits
 * for them), and single events at a few hundred requests/s otherwise complete one or two per statement: one
 * statement per ~10 ms instead leaves PostgreSQL and the event loop to the claims that requests wait for
 * (issue #17 round 5). A retry in between finds its key pending and waits, as before; a crash in between leaves
 * the claim pending until its lease runs out, as a crash before the UPDATE always did.
 */
const COMPLETION_DELAY_MS = 10;

interface ClaimInsert {
  readonly tenant: string;
  readonly claimId: string;
  readonly wanted: readonly Wanted[];
}

interface Wanted {
  readonly key: string;
  readonly request_hash: string;
  readonly event_id: string | null;
}

interface Completion {
  readonly tenant: string;
  readonly claimId: string;
  readonly records: readonly { readonly key: string; readonly response: unknown }[];
}

/** A group's statement failed because PostgreSQL is away: every request in it would fail alike, so none is retried alone. */
const isolateUnlessUnavailable = (error: unknown) => postgresUnavailableReason(error) === undefined;

const FIRST_BACKOFF_MS = 5;
const MAX_BACKOFF_MS = 100;

/**
 * Idempotency keys per tenant, as claim rows, so the api holds no transaction
 * and no pooled connection while it waits for Kafka. `claim` inserts a pending
 * row per key in one autocommit statement (ON CONFLICT DO NOTHING): a key whose
 * row this request inserted is its to publish, and only one request can insert
 * it. A key completed earlier answers with its stored response; a key another
 * request holds is waited for (short backoff) until that request completes it,
 * releases it, or its lease runs out — then one taker wins it with a conditional
 * UPDATE on the old claim id. After Kafka acknowledged, `complete` stores the
 * responses; after a failed publish, `release` deletes the claims (if that
 * fails too, the lease frees them). If the process dies after publishing but
 * before completing, the claim stays pending until its lease runs out and a
 * retry then takes it over: the pending row carries the id of the event it was
 * claimed for, and a retry with the same request hash is handed that id
 * (`resumed`) and publishes the same event again, so its answer names the event
 * the projector keeps (it stores each id, and each (tenant, idempotency key), once).
 *
 * Concurrent requests share statements (group commit, `GroupCommit`): the claim INSERTs of every
 * request that arrives while one is in flight go together in the next, and so do the completing
 * UPDATEs, so a burst of single-event requests costs PostgreSQL two statements, not two each.
 * Each row still carries its own request's tenant and claim id, so what a request owns is unchanged.
 */
export class IdempotencyRepository {
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;
  private readonly inserts = new GroupCommit<ClaimInsert, ReadonlySet<string>>(
    (group) => this.insertClaims(group),
    MAX_GROUP_REQUESTS,
    isolateUnlessUnavailable,
  );
  private readonly completions = new GroupCommit<Completion, string[]>(
    (group) => this.completeClaims(group),
    MAX_GROUP_REQUESTS,
    isolateUnlessUnavailable,
    COMPLETION_DELAY_MS,
  );

  constructor(
    private readonly dataSource: DataSource,
    options: IdempotencyOptions,
  ) {
    if (!(options.leaseMs > 0))
      throw new Error(`IdempotencyRepository: leaseMs must be positive (got ${options.leaseMs})`);
    this.leaseMs = options.leaseMs;
    this.maxWaitMs = options.maxWaitMs ?? 2 * options.leaseMs;
  }

  /**
   * Claims the keys, waiting for the ones other live requests hold. One statement
   * when every key is new or completed; one more per re-check or takeover.
   */
  async claim(tenant: string, requests: readonly IdempotencyRequest[]): Promise<IdempotencyClaim> {
    const claimId = randomUUID();
    const wanted = new Map<string, Wanted>();
    for (const r of requests)
      if (!wanted.has(r.key))
        wanted.set(r.key, { key: r.key, request_hash: r.requestHash, event_id: r.eventId ?? null });
    const claimed = new Set<string>();
    const existing = new Map<string, IdempotencyRecord>();
    const resumed = new Map<string, string>();
    let undecided = [...wanted.keys()];
    const giveUpAt = Date.now() + this.maxWaitMs;
    for (let attempt = 0; undecided.length > 0; attempt++) {
      const rows = await this.claimOrRead(
        tenant,
        claimId,
        undecided.map((key) => wanted.get(key)!),
      );
      const waiting: string[] = [];
      const stale: (Wanted & { claim_id: string })[] = [];
      for (const row of rows) {
        if (row.claimed) claimed.add(row.key);
        else if (row.found_key === null) waiting.push(row.key);
        else if (!row.pending)
          existing.set(row.key, { key: row.key, requestHash: row.request_hash!, response: row.response });
        else if (row.expired) stale.push({ ...wanted.get(row.key)!, claim_id: row.claim_id! });
        else waiting.push(row.key);
      }
      if (stale.length > 0) {
        const taken = await this.takeOver(tenant, claimId, stale);
        for (const { key } of stale) {
          if (!taken.has(key)) waiting.push(key);
          else {
            claimed.add(key);
            const eventId = taken.get(key);
            if (eventId !== null && eventId !== undefined) resumed.set(key, eventId);
          }
        }
      }
      undecided = waiting;
      if (undecided.length > 0) {
        if (Date.now() >= giveUpAt) break;
        await sleep(Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.5 + Math.random() / 2));
      }
    }
    return {
      claimed,
      existing,
      inFlight: new Set(undecided),
      resumed,
      complete: (records) => this.complete(tenant, claimId, records),
      release: (keys) =>
        this.release(tenant, claimId, keys === undefined ? [...claimed] : keys.filter((k) => claimed.has(k))),
    };
  }

  /**
   * Inserts a pending claim for each key that has no row (in key order, so
   * concurrent multi-key claims cannot deadlock): one plain INSERT … ON CONFLICT
   * DO NOTHING, the whole cost of the common case. Only keys it did not get are
   * read, in a second statement; a key whose row vanished in between (released)
   * comes back with `found_key` NULL and is tried again.
   */
  private async claimOrRead(tenant: string, claimId: string, wanted: readonly Wanted[]): Promise<ClaimRow[]> {
    const claimed = await this.inserts.add({ tenant, claimId, wanted });
    const others = wanted.filter((w) => !claimed.has(w.key)).map((w) => w.key);
    const found = new Map<string, Omit<ClaimRow, 'key' | 'claimed'>>();
    if (others.length > 0) {
      const rows: Omit<ClaimRow, 'key' | 'claimed'>[] = await this.dataSource.query(
        `SELECT key AS found_key, request_hash, response, response IS NULL AS pending,
                claimed_at < now() - make_interval(secs => $3::float8 / 1000) AS expired, claim_id
         FROM idempotency_records WHERE tenant = $1 AND key = ANY($2::text[])`,
        [tenant, others, this.leaseMs],
      );
      for (const row of rows) found.set(row.found_key!, row);
    }
    return wanted.map(({ key }): ClaimRow => {
      if (claimed.has(key))
        return {
          key,
          claimed: true,
          found_key: key,
          request_hash: null,
          response: null,
          pending: true,
          expired: false,
          claim_id: claimId,
        };
      return {
        key,
        claimed: false,
        found_key: null,
        request_hash: null,
        response: null,
        pending: null,
        expired: null,
        claim_id: null,
        ...found.get(key),
      };
    });
  }

  /**
   * The claim rows of a group of requests in one INSERT (in tenant and key order, so concurrent
   * statements cannot deadlock); per request, the keys whose row it inserted. Of two requests in
   * the group with the same key, the first row inserted wins and the other request finds it.
   */
  private async insertClaims(group: readonly ClaimInsert[]): Promise<ReadonlySet<string>[]> {
    const tenants: string[] = [];
    const claimIds: string[] = [];
    const keys: string[] = [];
    const hashes: string[] = [];
    const eventIds: (string | null)[] = [];
    for (const { tenant, claimId, wanted } of group) {
      for (const w of wanted) {
        tenants.push(tenant);
        claimIds.push(claimId);
        keys.push(w.key);
        hashes.push(w.request_hash);
        eventIds.push(w.event_id);
      }
    }
    const inserted: { tenant: string; key: string; claim_id: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_records (tenant, key, request_hash, response, claim_id, claimed_at, event_id)
       SELECT w.tenant, w.key, w.request_hash, NULL, w.claim_id, now(), w.event_id
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::uuid[]) AS w(tenant, key, request_hash, claim_id, event_id)
       ORDER BY w.tenant, w.key
       ON CONFLICT (tenant, key) DO NOTHING
       RETURNING tenant, key, claim_id`,
      // The literals pg would write for these arrays, made cheaper (`textArrayLiteral`): the same text to PostgreSQL.
      [tenants, keys, hashes, claimIds, eventIds].map(textArrayLiteral),
    );
    const byClaim = new Map<string, Set<string>>(group.map((g) => [g.claimId, new Set<string>()]));
    for (const row of inserted) byClaim.get(row.claim_id)?.add(row.key);
    return group.map((g) => byClaim.get(g.claimId)!);
  }

  /**
   * Takes over pending claims whose lease ran out: only a row still held by the
   * claim id this request saw is updated, so of two concurrent takers one wins.
   * Rows another taker has locked are skipped rather than waited for. Per key
   * taken: the event id the dead claim stored when its request hash is this
   * request's (the row keeps it), else null (the row takes this request's).
   */
  private async takeOver(
    tenant: string,
    claimId: string,
    stale: readonly (Wanted & { claim_id: string })[],
  ): Promise<Map<string, string | null>> {
    const [rows]: [{ key: string; resumed: string | null }[], number] = await this.dataSource.query(
      `WITH seen AS (
         SELECT t.key, t.claim_id, t.request_hash, t.event_id
         FROM jsonb_to_recordset($2::jsonb) AS t(key text, claim_id uuid, request_hash text, event_id uuid)
       ), stale AS (
         SELECT r.key, seen.request_hash, seen.event_id,
                CASE WHEN r.request_hash = seen.request_hash THEN r.event_id END AS resumed
         FROM idempotency_records r JOIN seen ON r.key = seen.key AND r.claim_id = seen.claim_id
         WHERE r.tenant = $1 AND r.response IS NULL AND r.claimed_at < now() - make_interval(secs => $4::float8 / 1000)
         ORDER BY r.key
         FOR UPDATE OF r SKIP LOCKED
       )
       UPDATE idempotency_records r SET claim_id = $3::uuid, claimed_at = now(), created_at = now(),
         request_hash = stale.request_hash, event_id = coalesce(stale.resumed, stale.event_id)
       FROM stale WHERE r.tenant = $1 AND r.key = stale.key
       RETURNING r.key, stale.resumed::text AS resumed`,
      [tenant, JSON.stringify(stale), claimId, this.leaseMs],
    );
    return new Map(rows.map((r) => [r.key, r.resumed]));
  }

  private async complete(
    tenant: string,
    claimId: string,
    records: readonly { key: string; response: unknown }[],
  ): Promise<string[]> {
    if (records.length === 0) return [];
    return this.completions.add({ tenant, claimId, records });
  }

  /**
   * Stores the answers of a group of requests in one UPDATE; per request, the keys it could not
   * complete (its claim was taken over).
   */
  private async completeClaims(group: readonly Completion[]): Promise<string[][]> {
    const tenants: string[] = [];
    const claimIds: string[] = [];
    const keys: string[] = [];
    const responses: unknown[] = [];
    for (const { tenant, claimId, records } of group) {
      for (const r of records) {
        tenants.push(tenant);
        claimIds.push(claimId);
        keys.push(r.key);
        responses.push(r.response);
      }
    }
    // created_at is left as the claim set it (the window counts from the claim, milliseconds earlier): an
    // update that leaves every indexed column alone can stay on its page (a HOT update, no index writes).
    const [rows]: [{ key: string; claim_id: string }[], number] = await this.dataSource.query(
      // The answers go as one JSON array: pg escapes each element of a jsonb[] parameter in JavaScript, which cost more.
      `UPDATE idempotency_records r SET response = c.response
       FROM unnest($1::text[], $2::uuid[], $3::text[]) WITH ORDINALITY AS k(tenant, claim_id, key, n)
       JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS c(response, n) USING (n)
       WHERE r.tenant = k.tenant AND r.key = k.key AND r.claim_id = k.claim_id AND r.response IS NULL
       RETURNING r.key, r.claim_id`,
      [textArrayLiteral(tenants), textArrayLiteral(claimIds), textArrayLiteral(keys), JSON.stringify(responses)],
    );
    const completed = new Map<string, Set<string>>(group.map((g) => [g.claimId, new Set<string>()]));
    for (const row of rows) completed.get(row.claim_id)?.add(row.key);
    return group.map((g) => g.records.map((r) => r.key).filter((key) => !completed.get(g.claimId)!.has(key)));
  }

  private async release(tenant: string, claimId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      'DELETE FROM idempotency_records WHERE tenant = $1 AND claim_id = $2::uuid AND response IS NULL AND key = ANY($3::text[])',
      [tenant, claimId, keys],
    );
  }

  /**
   * Forgets records older than the window, completed or pending; returns how
   * many. A pending row that old lost its owner long ago (leases are seconds).
   */
  async purgeOlderThan(hours: number): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1)`,
      [hours],
    );
    return result[1];
  }
}
