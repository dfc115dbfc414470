import { randomBytes } from 'node:crypto';
import { startPrivatePostgres, type PrivatePostgres } from '@hindsight/local-stack';
import type { FaultContext, ScenarioCheck, ScenarioOutcome } from '../scenario';
import { accountIngestion, waitForProjection } from './accounting';
import { KafkaCluster } from './kafka-cluster';
import { LoadGenerator } from './load';
import { FaultPlatform, type ServiceHandle } from './platform';
import { freePort } from './ports';
import { pollUntil, type Teardown } from './teardown';

/** A platform under test for an ingestion scenario: private PostgreSQL and Kafka, the api and a projector, a fresh tenant's key. */
export interface IngestionRig {
  readonly postgres: PrivatePostgres;
  readonly kafka: KafkaCluster;
  readonly platform: FaultPlatform;
  readonly api: ServiceHandle;
  /** The live projector; started later by the scenario when `projector: false`. */
  projector: ServiceHandle | undefined;
  readonly tenant: string;
  readonly key: string;
}

export interface RigOptions {
  /** Nodes of the private Kafka cluster (1 unless said). */
  readonly brokers?: number;
  /** The port a one-node cluster advertises (a proxy in front of it). */
  readonly advertisedPort?: number;
  /** Extra variables for every service. */
  readonly env?: Record<string, string>;
  /** Called once the cluster is formatted and before it starts (e.g. to start a proxy to `kafka.nodes[0].port`). */
  readonly beforeStart?: (kafka: KafkaCluster) => Promise<void>;
  /** Start the projector with the api (default true). */
  readonly projector?: boolean;
}

export async function startIngestionRig(
  context: FaultContext,
  teardown: Teardown,
  options: RigOptions = {},
): Promise<IngestionRig> {
  const { say, workDir } = context;
  const postgres = startPrivatePostgres(await freePort());
  teardown.add('postgres', () => postgres.destroy());
  say(`private PostgreSQL at ${postgres.url}`);
  const kafka = await KafkaCluster.create(workDir, options.brokers ?? 1, { advertisedPort: options.advertisedPort });
  teardown.add('kafka', () => kafka.stop());
  await options.beforeStart?.(kafka);
  await kafka.start();
  say(`private Kafka (${kafka.nodes.length} node(s)) at ${kafka.brokers}`);
  const platform = new FaultPlatform({ workDir, brokers: kafka.brokers, databaseUrl: postgres.url, env: options.env });
  await platform.prepare();
  teardown.add('services', () => platform.stopAll());
  const tenant = `faults-${randomBytes(4).toString('hex')}`;
  const { key } = await platform.issueKey(tenant);
  const [api, projector] = await Promise.all([
    platform.spawn('api'),
    options.projector === false ? undefined : platform.spawn('projector'),
  ]);
  say(`api at ${api.url}${projector ? ', projector ready' : ''}; tenant ${tenant}`);
  return { postgres, kafka, platform, api, projector, tenant, key };
}

/** The common end of an ingestion scenario: wait for the projector, then the accounting. */
export async function ingestionOutcome(
  context: FaultContext,
  rig: IngestionRig,
  name: string,
  load: Pick<LoadGenerator, 'records'>,
  recoverySeconds: number | null,
  checks: readonly ScenarioCheck[],
  extra?: (sql: Awaited<ReturnType<FaultPlatform['sql']>>) => Promise<ScenarioCheck[]>,
): Promise<ScenarioOutcome> {
  const records = load.records;
  const accepted = records.filter((r) => r.status === 202);
  const sql = await rig.platform.sql();
  try {
    const caughtUp = await waitForProjection(
      sql,
      rig.tenant,
      accepted.map((r) => r.id!),
      240_000,
      context.say,
    );
    const ledger = await accountIngestion(sql, rig.tenant, records);
    context.say(
      `accounting: ${records.length} requests, ${accepted.length} accepted, ${ledger.lost} lost, ${ledger.duplicated} duplicated, ${ledger.refusedButStored} refused but stored once`,
    );
    return {
      scenario: name,
      requests: records.length,
      accepted: accepted.length,
      refused: records.length - accepted.length,
      lost: ledger.lost,
      duplicated: ledger.duplicated,
      recoverySeconds,
      checks: [
        {
          name: 'projector caught up',
          ok: caughtUp,
          detail: caughtUp ? 'every accepted event in the event store' : 'timed out waiting for accepted events',
        },
        ...ledger.checks,
        ...checks,
        ...(extra ? await extra(sql) : []),
      ],
    };
  } finally {
    await sql.end().catch(() => undefined);
  }
}

/**
 * The bounded load every ingestion scenario runs under: 8 workers at `rate`
 * requests/s against the rig's api, stopped by the teardown, returned once
 * `warmUpSeconds` worth of requests were accepted (the fault comes after that).
 */
export async function startSteadyLoad(
  rig: IngestionRig,
  teardown: Teardown,
  rate: number,
  warmUpSeconds: number,
  requestTimeoutMs = 20_000,
): Promise<LoadGenerator> {
  const load = new LoadGenerator({
    apiUrl: rig.api.url,
    key: rig.key,
    workers: 8,
    ratePerSecond: rate,
    requestTimeoutMs,
  });
  load.start();
  teardown.add('load', () => load.stop());
  await pollUntil(
    async () => load.accepted,
    (n) => n >= rate * warmUpSeconds,
    60_000,
  );
  return load;
}
