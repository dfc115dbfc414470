import { join, resolve } from 'node:path';
import type { PlatformConfig } from '@hindsight/config';
import { ValidationError } from '@hindsight/contracts';

/**
 * Where one demo run lives. The scheduler of a demo runs with its clock a quarter
 * or two ahead, and it fires every active policy of its schema: in a schema of its
 * own it can fire nothing but the demo's policy, leads no other scheduler, and the
 * consumer groups and topics of a platform already running are left alone.
 */
export interface DemoNamespace {
  readonly id: string;
  readonly tenant: string;
  readonly topicPrefix: string;
  readonly schema: string;
  /** Datasets, models and the services' logs. */
  readonly dir: string;
  /** What the demo's services (and the demo itself) read instead of the configured values. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The namespace of run `id` inside the configured one (`<prefix>demo-<id>.` topics,
 * `<schema>_demo_<id>` schema), so whatever cleans up the configured prefix and
 * schema (a test run's teardown) cleans up the demo too; its files go to
 * `<HINDSIGHT_HOME>/demo/<id>`, a local artifact store of its own. Pure.
 *
 * @example demoNamespace(loadPlatformConfig({}), 'k3x9').schema // 'public_demo_k3x9'
 * @throws ValidationError when `id` is not lower-case letters and digits or the schema name would pass 63 characters.
 */
export function demoNamespace(base: PlatformConfig, id: string): DemoNamespace {
  if (!/^[a-z0-9]{1,24}$/.test(id))
    throw new ValidationError([{ path: 'id', rule: 'must be 1 to 24 lower-case letters and digits' }]);
  const schema = `${base.database.schema}_demo_${id}`;
  if (schema.length > 63)
    throw new ValidationError([
      { path: 'DATABASE_SCHEMA', rule: `leaves no room for the demo schema (${schema} is longer than 63 characters)` },
    ]);
  const topicPrefix = `${base.kafka.topicPrefix}demo-${id}.`;
  const dir = resolve(join(base.home, 'demo', id));
  return {
    id,
    tenant: `demo-${id}`,
    topicPrefix,
    schema,
    dir,
    env: {
      KAFKA_TOPIC_PREFIX: topicPrefix,
      DATABASE_SCHEMA: schema,
      PROJECTOR_GROUP_ID: `${topicPrefix}projector`,
      TRAINER_GROUP_ID: `${topicPrefix}trainer`,
      ROUTER_GROUP_ID: `${topicPrefix}router`,
      WEBHOOK_GROUP_ID: `${topicPrefix}webhooks`,
      ARTIFACTS_DIR: join(dir, 'artifacts'),
      DATASETS_DIR: join(dir, 'datasets'),
      // The demo's subject keys live in its own schema, under a key-encryption key of its own.
      HINDSIGHT_KEK_FILE: join(dir, 'kek.json'),
      // The demo waits on these: a scheduler tick and a trainer poll each second is plenty.
      SCHEDULER_TICK_MS: '250',
      TRAINER_POLL_MS: '500',
    },
  };
}
