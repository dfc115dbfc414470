import type { Client } from 'pg';
import type { ScenarioCheck } from '../scenario';
import type { LoadRecord } from './load';
import { ledgerOf, type Ledger, type StoredEvent } from './ledger';
import type { FaultPlatform } from './platform';
import type { ServiceHandle } from './platform';
import { probeProjector, ProjectorWatch } from './projector-probe';
import { pollUntil, sleep } from './teardown';

export type { Ledger } from './ledger';

async function tenantCount(client: Client, tenant: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE tenant = $1', [tenant]);
  return Number(rows[0].n);
}

/**
 * Waits until every accepted id is in `events` (the projector caught up), then until
 * the tenant's count stays put for `quietMs` (late copies of refused events land too).
 */
export async function waitForProjection(
  client: Client,
  tenant: string,
  acceptedIds: readonly string[],
  timeoutMs: number,
  say: (line: string) => void,
  quietMs = 4000,
): Promise<boolean> {
  let lastSaid = 0;
  const { ok } = await pollUntil(
    async () => {
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(DISTINCT id) AS n FROM events WHERE id = ANY($1::uuid[])',
        [acceptedIds],
      );
      const n = Number(rows[0].n);
      if (Date.now() - lastSaid > 10_000) {
        lastSaid = Date.now();
        say(
          `projection: ${n.toLocaleString('en-US')}/${acceptedIds.length.toLocaleString('en-US')} accepted events in the event store`,
        );
      }
      return n;
    },
    (n) => n >= acceptedIds.length,
    timeoutMs,
    1000,
  );
  let last = await tenantCount(client, tenant);
  for (const deadline = Date.now() + Math.max(quietMs * 5, 30_000); Date.now() < deadline;) {
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
export async function accountIngestion(
  client: Client,
  tenant: string,
  records: readonly LoadRecord[],
): Promise<Ledger> {
  const { rows } = await client.query<StoredEvent>(
    'SELECT id::text AS id, idempotency_key FROM events WHERE tenant = $1',
    [tenant],
  );
  return ledgerOf(rows, records);
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
  const comparisons = await client.query<{ sum: string | null }>(
    `SELECT md5(string_agg(c::text, E'\\n' ORDER BY annotation_id)) AS sum FROM comparisons c WHERE tenant = $1`,
    [tenant],
  );
  return {
    events: events.rows[0].sum ?? '-',
    comparisons: comparisons.rows[0].sum ?? '-',
    eventCount: Number(events.rows[0].n),
  };
}

/** A clean run: a fresh projector rebuilt the tenant from offset 0 with no fault (`cleanRun`). */
export interface CleanRun {
  /** It reached the expected number of events within the time allowed. */
  readonly ok: boolean;
  readonly checksums: ProjectionChecksums;
  /** Messages its group committed in the end: the whole stream, in offsets. */
  readonly committed: number;
  /**
   * Milliseconds from its first open apply transaction (or first commit) to its last commit, polled every
   * 10 ms: how long applying the stream takes on this machine now, start-up left out. Null when never seen.
   */
  readonly applyMs: number | null;
}

/**
 * A clean run to compare with: a fresh projector (its own schema and consumer group)
 * reads the same topics from the start, with no fault, until it holds `expectedEvents`
 * of the tenant; it is stopped before this returns. Its apply time means something only
 * when no other projector runs meanwhile (it is read from the cluster's projector sessions).
 */
export async function cleanRun(
  platform: FaultPlatform,
  tenant: string,
  expectedEvents: number,
  say: (line: string) => void,
  timeoutMs = 300_000,
): Promise<CleanRun> {
  const schema = `${platform.schema}_clean`;
  const group = `${platform.env.PROJECTOR_GROUP_ID}-clean`;
  say(`clean run: a second projector into ${schema} from offset 0`);
  const client = await platform.sql(schema);
  // Watched from before it starts: it applies from the moment its consumer runs, before it answers /ready.
  const watch = new ProjectorWatch(client, schema, group, 0);
  let projector: ServiceHandle | undefined;
  try {
    projector = await platform.spawn(
      'projector',
      { DATABASE_SCHEMA: schema, PROJECTOR_GROUP_ID: group },
      'projector-clean',
    );
    const started = Date.now();
    const { ok } = await pollUntil(
      () => tenantCount(client, tenant),
      (n) => n >= expectedEvents,
      timeoutMs,
      500,
    );
    const { firstActiveAt, lastChangeAt } = watch;
    await watch.stop();
    await sleep(3000);
    const clean = await projectionChecksums(client, tenant);
    const committed = (await probeProjector(client, schema, group)).committed;
    const applyMs =
      firstActiveAt !== undefined && lastChangeAt !== undefined ? Math.max(1, lastChangeAt - firstActiveAt) : null;
    say(
      `clean run: ${clean.eventCount.toLocaleString('en-US')} events (${committed.toLocaleString('en-US')} messages) in ${((Date.now() - started) / 1000).toFixed(0)} s, applied in ${applyMs === null ? '?' : `${Math.round(applyMs).toLocaleString('en-US')} ms`}`,
    );
    return { ok, checksums: clean, committed, applyMs };
  } finally {
    await watch.stop();
    await client.end().catch(() => undefined);
    await projector?.stop();
  }
}

/** The faulted run's checksums against the clean run's. */
export function cleanRunComparison(faulted: ProjectionChecksums, clean: CleanRun): ScenarioCheck {
  const same =
    clean.ok && clean.checksums.events === faulted.events && clean.checksums.comparisons === faulted.comparisons;
  return {
    name: 'projection equals a clean run',
    ok: same,
    detail: same
      ? `events ${faulted.events.slice(0, 8)}, comparisons ${faulted.comparisons.slice(0, 8)} (${faulted.eventCount} events)`
      : `faulted ${faulted.eventCount} events ${faulted.events.slice(0, 8)}/${faulted.comparisons.slice(0, 8)}, clean ${clean.checksums.eventCount} events ${clean.checksums.events.slice(0, 8)}/${clean.checksums.comparisons.slice(0, 8)}`,
  };
}

/** A clean run after the faulted one, compared with it (`cleanRun`, `cleanRunComparison`). */
export async function cleanRunCheck(
  platform: FaultPlatform,
  tenant: string,
  faulted: ProjectionChecksums,
  say: (line: string) => void,
  timeoutMs = 300_000,
): Promise<ScenarioCheck> {
  return cleanRunComparison(faulted, await cleanRun(platform, tenant, faulted.eventCount, say, timeoutMs));
}
