import { Command } from 'commander';
import type { DataSource } from '@hindsight/store';
import { loadPlatformConfig } from '@hindsight/config';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import { createDataSource, runMigrations } from '@hindsight/store';
import { uniqueTenant } from '@hindsight/test-support';
import { registerQueuesCommands } from './queues.command';

/* `hindsight queues export-events`: queue rows from before queues were events reach Kafka, and a replay rebuilds them. */

const config = loadPlatformConfig();
let out: string[];
let ds: DataSource;

beforeAll(async () => {
  ds = createDataSource(config.database, { applicationName: 'queues-export-test', poolSize: 2 });
  await ds.initialize();
  await runMigrations(ds, config.database.schema);
});
afterAll(() => ds.destroy());

beforeEach(() => {
  out = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

const run = async (...args: string[]): Promise<string> => {
  out = [];
  const program = new Command('hindsight')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerQueuesCommands(program);
  await program.parseAsync(args, { from: 'user' });
  return out.join('');
};

/** Every row of the three queue tables for a tenant in `schema`, all columns. */
async function snapshot(schema: string, tenant: string) {
  const s = `"${schema}"`;
  const rows = async (sql: string) =>
    ((await ds.query(sql, [tenant])) as { row: Record<string, unknown> }[]).map((r) => r.row);
  return {
    queues: await rows(`SELECT to_jsonb(x) AS row FROM ${s}.annotation_queues x WHERE tenant = $1 ORDER BY id`),
    tasks: await rows(`SELECT to_jsonb(x) AS row FROM ${s}.queue_tasks x WHERE tenant = $1 ORDER BY queue_id, seq`),
    assignments: await rows(`SELECT to_jsonb(x) AS row FROM ${s}.queue_assignments x WHERE tenant = $1 ORDER BY id`),
  };
}

describe('hindsight queues export-events', () => {
  it('publishes events for queue rows that have none, so a replay rebuilds them row for row; repeating it adds nothing', async () => {
    const tenant = uniqueTenant('legacy');
    // Rows as the api wrote them before queues were events: identity seq numbers, times to the microsecond.
    await ds.query(
      `INSERT INTO annotation_queues (tenant, id, name, overlap, counterbalance, task_type, objective, guideline_version, created_at) VALUES
         ($1, 'legacy-q', 'Legacy', 2, true, 'coding-help', 'helpfulness', 'g-1', '2026-01-05T10:00:00.123456Z'),
         ($1, 'legacy-empty', 'Empty', 1, false, NULL, NULL, NULL, '2026-01-06T00:00:00.000001Z')`,
      [tenant],
    );
    const responses = JSON.stringify([
      { id: 'r1', text: 'one', modelVersion: 'm@1' },
      { id: 'r2', text: 'two', modelVersion: 'm@2' },
    ]);
    await ds.query(
      `INSERT INTO queue_tasks (tenant, queue_id, task_id, seq, prompt, responses, task_type, overlap, assigned_count, base_order, created_at) VALUES
         ($1, 'legacy-q', 't1', 17, 'p1', $2::jsonb, NULL, 2, 2, ARRAY['r2','r1'], '2026-01-05T10:01:00.000007Z'),
         ($1, 'legacy-q', 't2', 18, 'p2', $2::jsonb, 'other-type', 2, 1, ARRAY['r1','r2'], '2026-01-05T10:01:00.000008Z'),
         ($1, 'legacy-q', 't3', 40, 'p3', $2::jsonb, NULL, 2, 0, NULL, '2026-01-07T08:00:00Z')`,
      [tenant, responses],
    );
    await ds.query(
      `INSERT INTO queue_assignments (id, tenant, queue_id, task_id, rater_id, overlap, ordinal, shown_order, assigned_at, completed_at) VALUES
         ($1 || '-a1', $1, 'legacy-q', 't1', 'rater-1', 2, 1, ARRAY['r2','r1'], '2026-01-08T09:00:00.000123Z', '2026-01-08T09:05:00.000456Z'),
         ($1 || '-a2', $1, 'legacy-q', 't1', 'rater-2', 2, 2, ARRAY['r1','r2'], '2026-01-08T09:01:00Z', NULL),
         ($1 || '-a3', $1, 'legacy-q', 't2', 'rater-1', 2, 1, ARRAY['r1','r2'], '2026-01-08T09:02:00Z', NULL)`,
      [tenant],
    );
    const before = await snapshot(config.database.schema, tenant);

    expect(JSON.parse(await run('queues', 'export-events', '--tenant', tenant, '--dry-run', '--json'))).toEqual({
      queues: 2,
      tasks: 3,
      assignments: 3,
      completions: 1,
      published: 0,
    });
    expect(JSON.parse(await run('queues', 'export-events', '--tenant', tenant, '--json'))).toEqual({
      queues: 2,
      tasks: 3,
      assignments: 3,
      completions: 1,
      published: 9,
    });
    // No projector has stored them yet, so the rows still read as unexported: a second run publishes copies under the same keys.
    expect(await run('queues', 'export-events', '--tenant', tenant)).toBe(
      '9 events published (2 queues, 3 tasks, 3 assignments, 1 completions)\n',
    );

    const replay = await replayProjections(
      config,
      createLogger('queue-export-test', 'warn'),
      { noSwitch: true },
      () => undefined,
    );
    try {
      expect(await snapshot(replay.replaySchema, tenant)).toEqual(before);
      const [{ n }] = await ds.query(
        `SELECT count(*)::int AS n FROM "${replay.replaySchema}".events WHERE tenant = $1 AND type LIKE 'queue.%'`,
        [tenant],
      );
      expect(n).toBe(9);
    } finally {
      await ds.query(`DROP SCHEMA IF EXISTS "${replay.replaySchema}" CASCADE`);
    }
  });
});
