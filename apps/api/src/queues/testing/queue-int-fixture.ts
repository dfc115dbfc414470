import type { ApiUnderTest } from '@hindsight/test-support';

/*
 * What the queue int specs send and read back through the api: a task to enqueue,
 * a task as served, the comparison a rater submits for it, and a queue made with
 * its tasks in two requests.
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
