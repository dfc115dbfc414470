import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { startService, type RunningService } from '@hindsight/runtime';
import { freePort, startApiUnderTest, uniqueTenant, type ApiUnderTest } from '@hindsight/test-support';

/*
 * What the queue int specs send and read back through the api: a task to enqueue,
 * a task as served, the comparison a rater submits for it, a queue made with
 * its tasks in two requests, and an api with a projector to send them to.
 */

/** A task as `GET /v1/tasks/next` serves it. */
export interface ServedTask {
  assignmentId: string;
  queueId: string;
  taskId: string;
  prompt: string;
  responses: { id: string; text: string; modelVersion: string }[];
  shownOrder: string[];
}

/** A task of `responses` responses (`r1`, `r2`, … by `policy@1`, `policy@2`, …) for `POST /v1/tasks`. */
export const queueTask = (taskId: string, responses = 2) => ({
  taskId,
  prompt: `Prompt of ${taskId}`,
  responses: Array.from({ length: responses }, (_, i) => ({
    id: `r${i + 1}`,
    text: `answer ${i + 1} to ${taskId}`,
    modelVersion: `policy@${i + 1}`,
  })),
});

/** The comparison `rater` submits for `served`, preferring the response shown first; `overrides` on top. */
export const assignmentComparison = (served: ServedTask, rater: string, overrides: Record<string, unknown> = {}) => ({
  taskId: served.taskId,
  taskType: 'coding-help',
  prompt: served.prompt,
  responses: served.responses,
  shownOrder: served.shownOrder,
  choice: { kind: 'preferred', responseId: served.shownOrder[0] },
  objective: 'helpfulness',
  raterId: rater,
  guidelineVersion: 'g-1',
  dwellTimeMs: 5000,
  locale: 'en',
  queueId: served.queueId,
  assignmentId: served.assignmentId,
  ...overrides,
});

/** Creates the queue `body` under `key`, enqueues `tasks` into it (both answered 201) and returns its id. */
export async function createQueueWithTasks(
  api: ApiUnderTest,
  key: string,
  body: Record<string, unknown>,
  tasks: readonly unknown[],
): Promise<string> {
  const created = await api.post('/v1/queues', body, key);
  expect(created.status).toBe(201);
  const queueId = (created.body as { id: string }).id;
  expect((await api.post('/v1/tasks', { queueId, tasks }, key)).status).toBe(201);
  return queueId;
}

/** Every row of the queue tables and of the judgments kept for them, for a tenant, all columns, in a stable order. */
const QUEUE_SNAPSHOT_SQL = {
  queues: 'SELECT to_jsonb(x) AS row FROM annotation_queues x WHERE tenant = $1 ORDER BY id',
  tasks: 'SELECT to_jsonb(x) AS row FROM queue_tasks x WHERE tenant = $1 ORDER BY queue_id, seq',
  assignments: 'SELECT to_jsonb(x) AS row FROM queue_assignments x WHERE tenant = $1 ORDER BY id',
  judgments: 'SELECT to_jsonb(x) AS row FROM assignment_judgments x WHERE tenant = $1 ORDER BY assignment_id',
} as const;

export type QueueRows = Record<keyof typeof QUEUE_SNAPSHOT_SQL, Record<string, unknown>[]>;

/** An api and a projector on this run's schema and topics, and an admin key of a tenant of their own. */
export interface QueuePlatform {
  readonly api: ApiUnderTest;
  readonly projector: RunningService;
  readonly tenant: string;
  readonly key: string;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The tenant's rows of the queue tables (`QUEUE_SNAPSHOT_SQL`). */
  snapshot(): Promise<QueueRows>;
  /** `GET /v1/tasks/next` for `rater`: the status, and the task when one is served. */
  next(queue: string, rater: string): Promise<{ status: number; body?: ServedTask }>;
  /** The task served to `rater` (answered 200). */
  serve(queue: string, rater: string): Promise<ServedTask>;
  close(): Promise<void>;
}

export async function startQueuePlatform(tenantLabel: string): Promise<QueuePlatform> {
  const api = await startApiUnderTest(apiService);
  const projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
  const tenant = uniqueTenant(tenantLabel);
  const { key } = await api.issueKey({ tenant, scopes: ['ingest', 'admin'] });
  const query = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    api.running.context.dataSource.query(sql, params);
  const next = async (queue: string, rater: string) => {
    const response = await fetch(`${api.url}/v1/tasks/next?queue=${queue}&rater=${rater}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as ServedTask) };
  };
  return {
    api,
    projector,
    tenant,
    key,
    query,
    snapshot: async () => {
      const out: Partial<QueueRows> = {};
      for (const [name, sql] of Object.entries(QUEUE_SNAPSHOT_SQL))
        out[name as keyof QueueRows] = (await query<{ row: Record<string, unknown> }>(sql, [tenant])).map((r) => r.row);
      return out as QueueRows;
    },
    next,
    serve: async (queue, rater) => {
      const r = await next(queue, rater);
      expect(r.status).toBe(200);
      return r.body!;
    },
    close: async () => {
      await projector.app.close();
      await api.close();
    },
  };
}
