import type { Client } from 'pg';
import type { ScenarioCheck } from '../scenario';
import type { LoadRecord } from './load';
import type { FaultPlatform } from './platform';
import { pollUntil, sleep } from './teardown';

export interface Ledger {
  /** Answered 202 but absent from `events` (or stored under another id than the 202 named). */
  readonly lost: number;
  /** Stored more than once, by event id or by idempotency key, whatever the answer was. */
  readonly duplicated: number;
  /** Answered 503 or not answered, and stored once anyway (safe: a retry with the same key is recognised). */
  readonly refusedButStored: number;
  readonly checks: ScenarioCheck[];
}

async function tenantCount(client: Client, tenant: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE tenant = $1', [tenant]);
  return Number(rows[0].n);
}

/**
 * Waits until every accepted id is in `events` (the projector caught up), then until
 * the tenant's count stays put for `quietMs` (late copies of refused events land too).
 */
export async function waitForProjection(client: Client, tenant: string, acceptedIds: readonly string[], timeoutMs: number, say: (line: string) => void, quietMs = 4000): Promise<boolean> {
  let lastSaid = 0;
  const { ok } = await pollUntil(
    async () => {
      const { rows } = await client.query<{ n: string }>('SELECT count(DISTINCT id) AS n FROM events WHERE id = ANY($1::uuid[])', [acceptedIds]);
      const n = Number(rows[0].n);
      if (Date.now() - lastSaid > 10_000) {
        lastSaid = Date.now();
        say(`projection: ${n.toLocaleString('en-US')}/${acceptedIds.length.toLocaleString('en-US')} accepted events in the event store`);
      }
      return n;
    },
    (n) => n >= acceptedIds.length,
    timeoutMs,
    1000,
  );
  let last = await tenantCount(client, tenant);
  for (const deadline = Date.now() + Math.max(quietMs * 5, 30_000); Date.now() < deadline; ) {
    await sleep(quietMs);
    const now = await tenantCount(client, tenant);
    if (now === last) break;
    last = now;
  }
  return ok;
}

/**
 * The common accounting: every 202's id in `events` exactly once (under the key it
 * was sent with); every 503 or unanswered request absent or once; nothing stored
 * twice by id or by idempotency key.
 */
export async function accountIngestion(client: Client, tenant: string, records: readonly LoadRecord[]): Promise<Ledger> {
  const { rows } = await client.query<{ id: string; idempotency_key: string }>('SELECT id::text AS id, idempotency_key FROM events WHERE tenant = $1', [tenant]);
  const byId = new Map<string, number>();
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    byId.set(row.id, (byId.get(row.id) ?? 0) + 1);
    byKey.set(row.idempotency_key, [...(byKey.get(row.idempotency_key) ?? []), row.id]);
  }
  let lost = 0;
  let wrongId = 0;
  let refusedButStored = 0;
  const otherStatuses: Record<string, number> = {};
  let noRetryAfter = 0;
  for (const r of records) {
    const stored = byKey.get(r.idempotencyKey) ?? [];
    if (r.status === 202) {
      if ((byId.get(r.id!) ?? 0) === 0) lost++;
      else if (!stored.includes(r.id!)) wrongId++;
    } else if (stored.length > 0) refusedButStored++;
    if (r.status !== 202 && r.status !== 503 && r.status !== 0) otherStatuses[String(r.status)] = (otherStatuses[String(r.status)] ?? 0) + 1;
    if (r.status === 503 && !(Number(r.retryAfter) > 0)) noRetryAfter++;
  }
  const duplicateIds = [...byId.values()].filter((n) => n > 1).length;
  const duplicateKeys = [...byKey.values()].filter((ids) => ids.length > 1).length;
  const unanswered = records.filter((r) => r.status === 0).length;
  return {
    lost: lost + wrongId,
    duplicated: Math.max(duplicateIds, duplicateKeys),
    refusedButStored,
    checks: [
      { name: 'duplicates by id and by key', ok: duplicateIds === 0 && duplicateKeys === 0, detail: `${duplicateIds} ids and ${duplicateKeys} idempotency keys stored more than once` },
      { name: 'accepted stored under their 202 id', ok: wrongId === 0, detail: `${wrongId} accepted events stored under another id` },
      { name: 'no answer but 202, 503 or none', ok: Object.keys(otherStatuses).length === 0, detail: Object.keys(otherStatuses).length === 0 ? 'only 202/503' : `other answers: ${JSON.stringify(otherStatuses)}` },
      { name: '503 carries Retry-After', ok: noRetryAfter === 0, detail: `${noRetryAfter} refusals without Retry-After` },
      { name: 'refused or unanswered, stored at most once', ok: duplicateKeys === 0, detail: `${refusedButStored} refused/unanswered stored once, ${unanswered} unanswered` },
    ],
  };
}

export interface ProjectionChecksums {
  readonly events: string;
  readonly comparisons: string;
  readonly eventCount: number;
}

/** md5 over the tenant's `events` rows and `comparisons` rows, each in a fixed order. */
export async function projectionChecksums(client: Client, tenant: string): Promise<ProjectionChecksums> {
  const events = await client.query<{ sum: string | null; n: string }>(
    `SELECT md5(string_agg(concat_ws('|', id, type, version, subject_kind, subject_id, occurred_at, recorded_at, idempotency_key, kafka_topic, kafka_partition, kafka_offset, payload::text, erased), E'\\n' ORDER BY id)) AS sum, count(*) AS n
       FROM events WHERE tenant = $1`,
    [tenant],
  );
  const comparisons = await client.query<{ sum: string | null }>(`SELECT md5(string_agg(c::text, E'\\n' ORDER BY annotation_id)) AS sum FROM comparisons c WHERE tenant = $1`, [tenant]);
  return { events: events.rows[0].sum ?? '-', comparisons: comparisons.rows[0].sum ?? '-', eventCount: Number(events.rows[0].n) };
}

/**
 * A clean run to compare with: a fresh projector (its own schema and consumer group)
 * reads the same topics from the start, with no fault; its checksums are compared
 * with the faulted run's.
 */
export async function cleanRunCheck(platform: FaultPlatform, tenant: string, faulted: ProjectionChecksums, say: (line: string) => void, timeoutMs = 300_000): Promise<ScenarioCheck> {
  const schema = `${platform.schema}_clean`;
  say(`clean run: a second projector into ${schema} from offset 0`);
  const projector = await platform.spawn('projector', { DATABASE_SCHEMA: schema, PROJECTOR_GROUP_ID: `${platform.env.PROJECTOR_GROUP_ID}-clean` }, 'projector-clean');
  const client = await platform.sql(schema);
  try {
    const started = Date.now();
    const { ok, value } = await pollUntil(() => tenantCount(client, tenant), (n) => n >= faulted.eventCount, timeoutMs, 1000);
    await sleep(3000);
    const clean = await projectionChecksums(client, tenant);
    say(`clean run: ${clean.eventCount.toLocaleString('en-US')} events in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const same = ok && clean.events === faulted.events && clean.comparisons === faulted.comparisons;
    return {
      name: 'projection equals a clean run',
      ok: same,
      detail: same
        ? `events ${faulted.events.slice(0, 8)}, comparisons ${faulted.comparisons.slice(0, 8)} (${faulted.eventCount} events)`
        : `faulted ${faulted.eventCount} events ${faulted.events.slice(0, 8)}/${faulted.comparisons.slice(0, 8)}, clean ${value} events ${clean.events.slice(0, 8)}/${clean.comparisons.slice(0, 8)}`,
    };
  } finally {
    await client.end().catch(() => undefined);
    await projector.stop();
  }
}
