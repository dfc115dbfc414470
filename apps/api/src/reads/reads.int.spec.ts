import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  exampleEventInputs,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { projectorService } from '@hindsight/projector-service';
import { startService, type RunningService } from '@hindsight/runtime';
import { freePort, runCli, startApiUnderTest, uniqueTenant, waitFor, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { CURSOR_RULE } from '@hindsight/store';
import { READ_ROUTES } from './read-routes';

/*
 * The read API through a real api and projector (real Kafka and PostgreSQL):
 * for every list route, paging across pages (no item twice, none missed), each
 * filter, tenant isolation, and bad cursors, filters and unknown parameters
 * refused with a 400 naming the parameter.
 */
const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'reads-test' });

type Item = Record<string, unknown>;
interface Page {
  items: Item[];
  nextCursor: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the read API', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let tenant: string;
  let reader: string;
  let ingest: string;
  let admin: string;
  let stranger: string;
  const producer = kafka.producer({ idempotent: true });

  const get = async (path: string, key = reader): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const query = (params: Record<string, string | undefined>) => {
    const q = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
    return q.size === 0 ? '' : `?${q.toString()}`;
  };
  const page = async (path: string, params: Record<string, string | undefined> = {}, key = reader): Promise<Page> => {
    const { status, body } = await get(`${path}${query(params)}`, key);
    if (status !== 200) throw new Error(`GET ${path}${query(params)} answered ${status}: ${JSON.stringify(body)}`);
    return body as unknown as Page;
  };
  /** Every item, following nextCursor with `limit` per page. */
  const pageThrough = async (
    path: string,
    params: Record<string, string | undefined>,
    limit: number,
  ): Promise<{ items: Item[]; pages: number }> => {
    const items: Item[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const p = await page(path, { ...params, limit: String(limit), cursor });
      expect(p.items.length).toBeLessThanOrEqual(limit);
      items.push(...p.items);
      pages += 1;
      cursor = p.nextCursor ?? undefined;
      if (pages > 100) throw new Error('more than 100 pages');
    } while (cursor !== undefined);
    return { items, pages };
  };
  /**
   * Pages through with 2 items a page and checks against one page of everything:
   * the same items in the same order, none twice, none missed.
   */
  const expectPaging = async (
    path: string,
    idOf: (i: Item) => unknown,
    params: Record<string, string | undefined> = {},
  ): Promise<Item[]> => {
    const whole = await page(path, { ...params, limit: '500' });
    expect(whole.nextCursor).toBeNull();
    const { items, pages } = await pageThrough(path, params, 2);
    const ids = items.map(idOf);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(whole.items.map(idOf));
    expect(pages).toBe(Math.max(1, Math.ceil(ids.length / 2)));
    return items;
  };
  const ids = async (path: string, idOf: (i: Item) => unknown, params: Record<string, string | undefined>) =>
    (await page(path, { ...params, limit: '500' })).items.map(idOf).sort();

  const sendBatch = async (events: unknown[], key = ingest) => {
    const response = await api.post('/v1/events/batch', { events }, key);
    expect([response.status, response.status === 202 ? '' : JSON.stringify(response.body).slice(0, 600)]).toEqual([
      202,
      '',
    ]);
  };
  /** Publishes sealed events straight to their topics, as the trainer and the scheduler do (the api refuses their types). */
  const publishAsPlatform = async (inputs: unknown[], source: string) => {
    const events = inputs.map(
      (input) =>
        sealEvent(validateEventInput(input), {
          id: formatUuidV7(Date.now(), randomBytes(10)),
          recordedAt: new Date().toISOString(),
          tenant,
          source,
        }) as HindsightEvent,
    );
    for (const e of events) {
      await producer.send({
        topic: topicName(config.kafka.topicPrefix, topicOf(e.type)),
        acks: -1,
        messages: [{ key: partitionKey(e), value: JSON.stringify(e), headers: eventHeaders(e) }],
      });
    }
  };

  /** `v2`: rubric scores and a comment (`comparison.recorded` v2); `v1`: sent as version 1, without them. */
  const comparison = (n: number, rater: string, objective: string, modelVersion: string, extra?: 'v1' | 'v2') => {
    const example = structuredClone(exampleEventInputs['comparison.recorded']);
    const data = example.data as Record<string, unknown>;
    delete data.queueId;
    delete data.assignmentId;
    const responses = data.responses as { modelVersion: string }[];
    responses[0].modelVersion = modelVersion;
    const v2 = extra === 'v2' ? { rubric: { accuracy: 4, 'tone-fit': 2 }, comment: `comment ${n}: r1 is correct` } : {};
    return {
      ...example,
      ...(extra === 'v1' ? { version: 1 } : {}),
      idempotencyKey: `cmp-${n}-${randomUUID()}`,
      data: { ...data, taskId: `task-${n}`, raterId: rater, objective, prompt: `prompt ${n} by ${rater}`, ...v2 },
    };
  };
  const rating = (n: number, rater: string, objective: string, modelVersion: string) => {
    const example = structuredClone(exampleEventInputs['rating.recorded']);
    return {
      ...example,
      idempotencyKey: `rate-${n}-${randomUUID()}`,
      data: {
        ...example.data,
        taskId: `rtask-${n}`,
        raterId: rater,
        objective,
        response: { ...example.data.response, modelVersion },
      },
    };
  };

  const drift = (policyId: string, objectives: string[], value: number, runId?: string) => ({
    type: 'drift.measured',
    idempotencyKey: `drift-${randomUUID()}`,
    data: {
      policyId,
      objectives,
      since: '2026-11-01T00:00:00.000Z',
      value,
      threshold: 0.3,
      measure: 'prompt-js-divergence-bits',
      ...(runId ? { runId } : {}),
    },
  });

  /** Batch 1 and batch 2 of comparisons, ratings, profiles and interactions; batch 2 recorded after `between`. */
  let between: string;

  beforeAll(async () => {
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    await producer.connect();
    tenant = uniqueTenant('reads');
    reader = (await api.issueKey({ tenant, scopes: ['read'] })).key;
    ingest = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    admin = (await api.issueKey({ tenant, scopes: ['admin'] })).key;
    stranger = (await api.issueKey({ tenant: uniqueTenant('stranger'), scopes: ['read', 'admin'] })).key;

    // Batch 1: 4 comparisons, 3 ratings, 3 profiles, 3 interactions.
    await sendBatch([
      comparison(1, 'rater-a', 'helpfulness', 'policy@1', 'v1'),
      comparison(2, 'rater-a', 'harmlessness', 'policy@2'),
      comparison(3, 'rater-b', 'helpfulness', 'policy@1'),
      comparison(4, 'rater-gone', 'helpfulness', 'policy@1', 'v2'),
      rating(1, 'rater-a', 'honesty', 'policy@1'),
      rating(2, 'rater-b', 'honesty', 'policy@2'),
      rating(3, 'rater-gone', 'helpfulness', 'policy@1'),
      ...['rater-a', 'rater-b', 'rater-gone'].map((raterId) => ({
        ...exampleEventInputs['rater.profiled'],
        idempotencyKey: `profile-${raterId}`,
        data: { ...exampleEventInputs['rater.profiled'].data, raterId },
      })),
      ...[1, 2, 3].map((n) => ({
        ...exampleEventInputs['interaction.logged'],
        idempotencyKey: `int-${n}`,
        data: {
          ...exampleEventInputs['interaction.logged'].data,
          interactionId: `int-${n}`,
          userId: `user-${n}`,
          modelVersion: n === 3 ? 'assistant@2' : 'assistant@1',
        },
      })),
    ]);
    await sleep(50);
    between = new Date().toISOString();
    await sleep(50);
    // Batch 2: 3 comparisons, 2 ratings, 1 profile, 2 interactions with feedback and an outcome.
    await sendBatch([
      comparison(5, 'rater-b', 'harmlessness', 'policy@2'),
      comparison(6, 'rater-a', 'helpfulness', 'policy@2', 'v2'),
      comparison(7, 'rater-c', 'helpfulness', 'policy@1'),
      rating(4, 'rater-a', 'helpfulness', 'policy@2'),
      rating(5, 'rater-c', 'honesty', 'policy@1'),
      {
        ...exampleEventInputs['rater.profiled'],
        idempotencyKey: 'profile-rater-c',
        data: { ...exampleEventInputs['rater.profiled'].data, raterId: 'rater-c' },
      },
      ...[4, 5].map((n) => ({
        ...exampleEventInputs['interaction.logged'],
        idempotencyKey: `int-${n}`,
        data: {
          ...exampleEventInputs['interaction.logged'].data,
          interactionId: `int-${n}`,
          userId: `user-${n}`,
          modelVersion: 'assistant@2',
          ...(n === 5 ? { objective: 'honesty', surface: 'chat', locale: 'de' } : {}),
        },
      })),
    ]);
    await sendBatch([
      {
        ...exampleEventInputs['feedback.recorded'],
        idempotencyKey: 'fb-4',
        data: { ...exampleEventInputs['feedback.recorded'].data, interactionId: 'int-4' },
      },
      {
        ...exampleEventInputs['feedback.recorded'],
        idempotencyKey: 'fb-1',
        data: { ...exampleEventInputs['feedback.recorded'].data, interactionId: 'int-1' },
      },
      {
        ...exampleEventInputs['outcome.recorded'],
        idempotencyKey: 'out-4',
        data: { ...exampleEventInputs['outcome.recorded'].data, interactionId: 'int-4' },
      },
    ]);
    await waitFor(
      async () => (await page('/v1/comparisons', { limit: '500' })).items.length,
      (n) => n === 7,
      60_000,
      '7 comparisons projected',
    );
    await waitFor(
      async () =>
        (await page('/v1/interactions', { limit: '500' })).items.flatMap((i) => [
          ...(i.feedback as unknown[]),
          ...(i.outcomes as unknown[]),
        ]).length,
      (n) => n === 3,
      60_000,
      'feedback and outcomes projected',
    );
    // Erase rater-gone and interaction int-1: their content must read as erased.
    for (const [subjectKind, subjectId] of [
      ['rater', 'rater-gone'],
      ['interaction', 'int-1'],
    ]) {
      const erased = await api.post(
        '/v1/events',
        {
          type: 'subject.erasure.requested',
          idempotencyKey: `erase-${subjectId}`,
          data: { subjectKind, subjectId, reason: 'GDPR Art. 17 request' },
        },
        admin,
      );
      expect(erased.status).toBe(202);
    }
    await waitFor(
      async () => (await page('/v1/erasures')).items.length,
      (n) => n === 2,
      60_000,
      'the erasures projected',
    );
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await projector?.app.close();
    await api?.close();
  });

  it('GET /v1/comparisons pages, filters by rater, objective, model version and time, and shows erased content as erased', async () => {
    const all = await expectPaging('/v1/comparisons', (i) => i.annotationId);
    expect(all).toHaveLength(7);
    // Newest first.
    const times = all.map((i) => String(i.recordedAt));
    expect([...times].sort().reverse()).toEqual(times);
    const taskIds = async (params: Record<string, string>) => ids('/v1/comparisons', (i) => i.taskId, params);
    expect(await taskIds({ rater: 'rater-a' })).toEqual(['task-1', 'task-2', 'task-6']);
    expect(await taskIds({ objective: 'harmlessness' })).toEqual(['task-2', 'task-5']);
    expect(await taskIds({ modelVersion: 'policy@2' })).toEqual(['task-2', 'task-5', 'task-6']);
    expect(await taskIds({ from: between })).toEqual(['task-5', 'task-6', 'task-7']);
    expect(await taskIds({ to: between })).toEqual(['task-1', 'task-2', 'task-3', 'task-4']);
    expect(await taskIds({ rater: 'rater-a', objective: 'helpfulness', from: between })).toEqual(['task-6']);
    await expectPaging('/v1/comparisons', (i) => i.annotationId, { objective: 'helpfulness' });
    const gone = all.find((i) => i.taskId === 'task-4') as Item;
    // The erased rater's rubric and comment are gone with the rest of its content.
    expect(gone).toMatchObject({ erased: true, prompt: null, responses: null, rubric: {}, comment: null });
    expect(all.find((i) => i.taskId === 'task-1')).toMatchObject({
      erased: false,
      prompt: 'prompt 1 by rater-a',
      raterId: 'rater-a',
    });
  });

  it('GET /v1/comparisons returns the rubric scores and comment of a v2 comparison, and an empty rubric and null comment for a v1 one', async () => {
    const all = (await page('/v1/comparisons', { limit: '500' })).items;
    const byTask = (taskId: string) => all.find((i) => i.taskId === taskId) as Item;
    expect(byTask('task-6')).toMatchObject({
      erased: false,
      rubric: { accuracy: 4, 'tone-fit': 2 },
      comment: 'comment 6: r1 is correct',
    });
    expect(byTask('task-1')).toMatchObject({ rubric: {}, comment: null });
    // Sent without either (as v2): the same empty values.
    expect(byTask('task-3')).toMatchObject({ rubric: {}, comment: null });

    // A v1 event as stored on Kafka before v2 existed (version 1 in the envelope and header), in a tenant of its own.
    const oldTenant = uniqueTenant('reads-v1');
    const oldReader = (await api.issueKey({ tenant: oldTenant, scopes: ['read'] })).key;
    const input = comparison(8, 'rater-old', 'helpfulness', 'policy@1', 'v1');
    const v2 = sealEvent(validateEventInput(input), {
      id: formatUuidV7(Date.now(), randomBytes(10)),
      recordedAt: new Date().toISOString(),
      tenant: oldTenant,
      source: 'api',
    }) as HindsightEvent;
    const v1 = { ...v2, version: 1 } as unknown as HindsightEvent;
    expect(v1.data).not.toHaveProperty('rubric');
    await producer.send({
      topic: topicName(config.kafka.topicPrefix, topicOf(v1.type)),
      acks: -1,
      messages: [{ key: partitionKey(v1), value: JSON.stringify(v1), headers: eventHeaders(v1) }],
    });
    const [old] = (
      await waitFor(
        () => page('/v1/comparisons', {}, oldReader),
        (p) => p.items.length === 1,
        60_000,
        'the v1 comparison projected',
      )
    ).items;
    expect(old).toMatchObject({ annotationId: v1.id, taskId: 'task-8', erased: false, rubric: {}, comment: null });
  });

  it('GET /v1/ratings pages and filters; an erased rating keeps only its envelope', async () => {
    const all = await expectPaging('/v1/ratings', (i) => i.eventId);
    expect(all).toHaveLength(5);
    const taskIds = async (params: Record<string, string>) => ids('/v1/ratings', (i) => i.taskId, params);
    expect(await taskIds({ rater: 'rater-a' })).toEqual(['rtask-1', 'rtask-4']);
    expect(await taskIds({ objective: 'honesty' })).toEqual(['rtask-1', 'rtask-2', 'rtask-5']);
    expect(await taskIds({ modelVersion: 'policy@2' })).toEqual(['rtask-2', 'rtask-4']);
    expect(await taskIds({ from: between })).toEqual(['rtask-4', 'rtask-5']);
    expect(await taskIds({ to: between })).toEqual([null, 'rtask-1', 'rtask-2']);
    expect(all.filter((i) => i.erased)).toEqual([
      expect.objectContaining({ taskId: null, raterId: null, prompt: null, response: null, scores: null }),
    ]);
    expect(all.find((i) => i.taskId === 'rtask-1')).toMatchObject({
      raterId: 'rater-a',
      prompt: exampleEventInputs['rating.recorded'].data.prompt,
      scores: exampleEventInputs['rating.recorded'].data.scores,
    });

    // Corrections apply (the objective filter sees the corrected objective); a retraction shows.
    const two = all.find((i) => i.taskId === 'rtask-2') as Item;
    const five = all.find((i) => i.taskId === 'rtask-5') as Item;
    await sendBatch([
      {
        type: 'annotation.corrected',
        idempotencyKey: 'correct-rtask-2',
        data: {
          annotationId: two.eventId,
          annotationType: 'rating.recorded',
          taskId: 'rtask-2',
          raterId: 'rater-b',
          corrected: { objective: 'harmlessness', scores: { accuracy: 2 } },
          reason: 'Wrong objective.',
        },
      },
      {
        type: 'annotation.retracted',
        idempotencyKey: 'retract-rtask-5',
        data: { annotationId: five.eventId, taskId: 'rtask-5', raterId: 'rater-c', reason: 'Misread.' },
      },
    ]);
    const amended = await waitFor(
      async () => (await page('/v1/ratings', { limit: '500' })).items,
      (items) => items.some((i) => i.correctedAt !== null) && items.some((i) => i.retractedAt !== null),
      60_000,
      'the amendments projected',
    );
    expect(amended.find((i) => i.taskId === 'rtask-2')).toMatchObject({
      objective: 'harmlessness',
      scores: { accuracy: 2 },
      correctedAt: expect.any(String),
      retractedAt: null,
    });
    expect(amended.find((i) => i.taskId === 'rtask-5')).toMatchObject({
      objective: 'honesty',
      retractedAt: expect.any(String),
      correctedAt: null,
    });
    expect(await taskIds({ objective: 'honesty' })).toEqual(['rtask-1', 'rtask-5']);
    expect(await taskIds({ objective: 'harmlessness' })).toEqual(['rtask-2']);
  });

  it('GET /v1/raters pages and filters; an erased rater has no profile', async () => {
    const all = await expectPaging('/v1/raters', (i) => i.raterId);
    expect(all.map((i) => i.raterId).sort()).toEqual(['rater-a', 'rater-b', 'rater-c']);
    expect(await ids('/v1/raters', (i) => i.raterId, { rater: 'rater-b' })).toEqual(['rater-b']);
    expect(await ids('/v1/raters', (i) => i.raterId, { from: between })).toEqual(['rater-c']);
    expect(await ids('/v1/raters', (i) => i.raterId, { to: between })).toEqual(['rater-a', 'rater-b']);
    expect(all[0]).toMatchObject({ region: 'DE', languages: ['en', 'de'] });
  });

  it('GET /v1/interactions pages with feedback and outcomes, filters by model version, objective, surface and time, and hides erased content', async () => {
    const all = await expectPaging('/v1/interactions', (i) => i.interactionId);
    expect(all.map((i) => i.interactionId).sort()).toEqual(['int-1', 'int-2', 'int-3', 'int-4', 'int-5']);
    expect(await ids('/v1/interactions', (i) => i.interactionId, { modelVersion: 'assistant@2' })).toEqual([
      'int-3',
      'int-4',
      'int-5',
    ]);
    expect(await ids('/v1/interactions', (i) => i.interactionId, { from: between })).toEqual(['int-4', 'int-5']);
    expect(await ids('/v1/interactions', (i) => i.interactionId, { to: between, modelVersion: 'assistant@1' })).toEqual(
      ['int-1', 'int-2'],
    );
    expect(await ids('/v1/interactions', (i) => i.interactionId, { objective: 'honesty' })).toEqual(['int-5']);
    expect(await ids('/v1/interactions', (i) => i.interactionId, { surface: 'help-center' })).toEqual([
      'int-2',
      'int-3',
      'int-4',
    ]);
    expect(all.find((i) => i.interactionId === 'int-5')).toMatchObject({
      objective: 'honesty',
      surface: 'chat',
      locale: 'de',
    });
    const four = all.find((i) => i.interactionId === 'int-4') as Item;
    expect(four).toMatchObject({
      objective: 'helpfulness',
      surface: 'help-center',
      locale: 'en-GB',
      erased: false,
      userId: 'user-4',
      prompt: exampleEventInputs['interaction.logged'].data.prompt,
      feedback: [{ kind: 'correction', comment: 'It forgot the email step.' }],
      outcomes: [{ outcome: 'ticket-resolved', success: true }],
    });
    expect(all.find((i) => i.interactionId === 'int-1')).toMatchObject({
      erased: true,
      prompt: null,
      response: null,
      userId: null,
      objective: null,
      surface: null,
      locale: null,
      feedback: [{ kind: 'correction', comment: null, correctedResponse: null }],
    });
  });

  it('GET /v1/erasures lists the audit trail (who, when, what was destroyed), never the erased content', async () => {
    const all = await expectPaging('/v1/erasures', (i) => i.eventId);
    expect(all.map((i) => i.subjectId).sort()).toEqual(['int-1', 'rater-gone']);
    const rater = all.find((i) => i.subjectId === 'rater-gone') as Item;
    expect(rater).toMatchObject({
      subjectKind: 'rater',
      reason: 'GDPR Art. 17 request',
      requestedBy: expect.any(String),
    });
    const destroyed = rater.destroyed as { eventTypes: string[]; events: number; keysDestroyedAt: string | null };
    expect(destroyed.eventTypes).toEqual(
      expect.arrayContaining(['comparison.recorded', 'rating.recorded', 'rater.profiled']),
    );
    expect(destroyed.keysDestroyedAt).not.toBeNull();
    expect(JSON.stringify(all)).not.toContain('prompt 4 by rater-gone');
    expect(await ids('/v1/erasures', (i) => i.subjectId, { subjectKind: 'interaction' })).toEqual(['int-1']);
    expect(await ids('/v1/erasures', (i) => i.subjectId, { from: between })).toEqual(['int-1', 'rater-gone']);
    expect(await ids('/v1/erasures', (i) => i.subjectId, { to: between })).toEqual([]);
  });

  it("GET /v1/queues shows each queue's progress, per queue and per rater, and pages and filters", async () => {
    const made: string[] = [];
    for (const [n, objective] of [
      [1, 'helpfulness'],
      [2, 'harmlessness'],
      [3, 'helpfulness'],
    ] as const) {
      const created = await api.post(
        '/v1/queues',
        { id: `queue-${n}`, name: `Queue ${n}`, overlap: 2, counterbalance: true, objective },
        admin,
      );
      expect(created.status).toBe(201);
      made.push(`queue-${n}`);
      await sleep(10);
    }
    const tasks = ['t1', 't2'].map((taskId) => ({
      taskId,
      prompt: `Prompt ${taskId}`,
      responses: [
        { id: 'r1', text: 'one', modelVersion: 'm@1' },
        { id: 'r2', text: 'two', modelVersion: 'm@2' },
      ],
    }));
    expect((await api.post('/v1/tasks', { queueId: 'queue-1', tasks }, admin)).status).toBe(201);
    // rater-a takes and judges one task; rater-b takes one and leaves it open.
    const served = await fetch(`${api.url}/v1/tasks/next?queue=queue-1&rater=rater-a`, {
      headers: { authorization: `Bearer ${ingest}` },
    });
    const task = (await served.json()) as {
      assignmentId: string;
      taskId: string;
      prompt: string;
      responses: unknown[];
      shownOrder: string[];
    };
    expect(
      (
        await fetch(`${api.url}/v1/tasks/next?queue=queue-1&rater=rater-b`, {
          headers: { authorization: `Bearer ${ingest}` },
        })
      ).status,
    ).toBe(200);
    // rater-c takes one and skips it: the assignment expires at once (as a lease running out does) and its slot returns.
    const skipped = (await (
      await fetch(`${api.url}/v1/tasks/next?queue=queue-1&rater=rater-c`, {
        headers: { authorization: `Bearer ${ingest}` },
      })
    ).json()) as { assignmentId: string };
    expect((await api.post(`/v1/assignments/${skipped.assignmentId}/skip`, {}, ingest)).status).toBe(201);
    const judged = comparison(100, 'rater-a', 'helpfulness', 'm@1');
    await sendBatch([
      {
        ...judged,
        data: {
          ...judged.data,
          taskId: task.taskId,
          prompt: task.prompt,
          responses: task.responses,
          shownOrder: task.shownOrder,
          queueId: 'queue-1',
          assignmentId: task.assignmentId,
          choice: { kind: 'tie' },
          strength: undefined,
        },
      },
    ]);
    const queue1 = await waitFor(
      async () => (await page('/v1/queues', { queue: 'queue-1' })).items[0],
      (q) => (q?.assignments as { done: number } | undefined)?.done === 1,
      60_000,
      'the judgment counted',
    );
    expect(queue1).toMatchObject({
      queueId: 'queue-1',
      objective: 'helpfulness',
      tasks: { total: 2, done: 0, open: 2, expired: 1 },
      assignments: { done: 1, open: 1, expired: 1 },
      raters: [
        { raterId: 'rater-a', done: 1, open: 0, expired: 0 },
        { raterId: 'rater-b', done: 0, open: 1, expired: 0 },
        { raterId: 'rater-c', done: 0, open: 0, expired: 1 },
      ],
    });
    const all = await expectPaging('/v1/queues', (i) => i.queueId);
    expect(all.map((i) => i.queueId)).toEqual(['queue-3', 'queue-2', 'queue-1']);
    expect(await ids('/v1/queues', (i) => i.queueId, { objective: 'helpfulness' })).toEqual(['queue-1', 'queue-3']);
    expect(await ids('/v1/queues', (i) => i.queueId, { from: String(all[1].createdAt) })).toEqual([
      'queue-2',
      'queue-3',
    ]);
    expect(await ids('/v1/queues', (i) => i.queueId, { to: String(all[1].createdAt) })).toEqual(['queue-1']);
    const forB = await page('/v1/queues', { rater: 'rater-b' });
    expect(forB.items).toHaveLength(1);
    expect(forB.items[0].raters).toEqual([{ raterId: 'rater-b', done: 0, open: 1, expired: 0 }]);
  }, 120_000);

  it('GET /v1/retrain-runs lists every run whatever started it, with trigger, failure reason and models, and filters', async () => {
    const run = (runId: string, trigger: unknown, objectives: string[], period?: string) => ({
      type: 'retrain.requested',
      idempotencyKey: `req-${runId}`,
      data: {
        runId,
        trigger,
        asOf: '2026-11-30T00:00:00.000Z',
        objectives,
        recipe: { id: 'default', version: 1 },
        ...(period ? { period } : {}),
      },
    });
    // By a person through the api, then by the scheduler (a policy's fire) and the trainer's outcome straight on Kafka.
    expect(
      (
        await api.post(
          '/v1/events',
          run('run-manual', { kind: 'manual', requestedBy: 'ops-anna' }, ['helpfulness']),
          admin,
        )
      ).status,
    ).toBe(202);
    await sleep(20);
    await publishAsPlatform(
      [
        run(
          'run-cadence',
          { kind: 'policy', policyId: 'pol-1', reason: 'cadence' },
          ['helpfulness', 'harmlessness'],
          '2026-Q4',
        ),
      ],
      'scheduler',
    );
    await sleep(20);
    const split = new Date().toISOString();
    await sleep(20);
    await publishAsPlatform(
      [
        run(
          'run-drift',
          { kind: 'policy', policyId: 'pol-1', reason: 'drift' },
          ['harmlessness'],
          'drift:after:run-cadence',
        ),
        drift('pol-1', ['harmlessness'], 0.42, 'run-drift'),
      ],
      'scheduler',
    );
    await publishAsPlatform(
      [
        {
          type: 'retrain.run-advanced',
          idempotencyKey: 'advanced-run-drift',
          data: {
            runId: 'run-drift',
            state: 'failed',
            policyId: null,
            recipe: null,
            gates: { minComparisons: 500 },
            datasets: null,
            gateReport: { passed: false, objectives: { harmlessness: { comparisons: 12, minComparisons: 500 } } },
            failure: {
              stage: 'quality-gate',
              reasons: [
                { code: 'too-few-comparisons', message: 'harmlessness has 12 comparisons, the gate needs 500' },
              ],
            },
          },
        },
        {
          type: 'retrain.failed',
          idempotencyKey: 'fail-run-drift',
          data: {
            runId: 'run-drift',
            stage: 'quality-gate',
            reasons: [{ code: 'too-few-comparisons', message: 'harmlessness has 12 comparisons, the gate needs 500' }],
          },
        },
        {
          type: 'retrain.completed',
          idempotencyKey: 'done-run-cadence',
          data: {
            runId: 'run-cadence',
            models: [{ objective: 'helpfulness', modelVersion: 'rm-help@7', metrics: { pairwiseAccuracy: 0.71 } }],
          },
        },
      ],
      'trainer',
    );
    const all = await waitFor(
      async () => (await page('/v1/retrain-runs', { limit: '500' })).items,
      (items) =>
        items.length === 3 &&
        items.every((i) => i.status !== 'requested' || i.runId === 'run-manual') &&
        items.some((i) => i.trainerState === 'failed'),
      60_000,
      'three runs projected with their outcomes',
    );
    await expectPaging('/v1/retrain-runs', (i) => i.runId);
    expect(all.map((i) => i.runId)).toEqual(['run-drift', 'run-cadence', 'run-manual']);
    expect(all[0]).toMatchObject({
      status: 'failed',
      startedBy: 'scheduler',
      trigger: { kind: 'policy', reason: 'drift' },
      failure: {
        stage: 'quality-gate',
        reasons: [{ code: 'too-few-comparisons', message: expect.stringContaining('12 comparisons') }],
      },
    });
    expect(all[0]).toMatchObject({
      trainerState: 'failed',
      gateReport: { passed: false, objectives: { harmlessness: { comparisons: 12 } } },
    });
    // The value behind the drift retrain, on the run.
    expect(all[0].drift).toEqual({ value: 0.42, threshold: 0.3, measuredAt: expect.any(String) });
    expect(all[1]).toMatchObject({ drift: null });
    expect(all[1]).toMatchObject({
      status: 'completed',
      startedBy: 'scheduler',
      period: '2026-Q4',
      models: [{ modelVersion: 'rm-help@7' }],
      failure: null,
    });
    expect(all[2]).toMatchObject({
      status: 'requested',
      trigger: { kind: 'manual', requestedBy: 'ops-anna' },
      drift: null,
    });
    const runIds = async (params: Record<string, string>) => ids('/v1/retrain-runs', (i) => i.runId, params);
    expect(await runIds({ trigger: 'manual' })).toEqual(['run-manual']);
    expect(await runIds({ trigger: 'policy' })).toEqual(['run-cadence', 'run-drift']);
    expect(await runIds({ status: 'failed' })).toEqual(['run-drift']);
    expect(await runIds({ objective: 'harmlessness' })).toEqual(['run-cadence', 'run-drift']);
    expect(await runIds({ modelVersion: 'rm-help@7' })).toEqual([]);
    expect(await runIds({ from: split })).toEqual(['run-drift']);
    expect(await runIds({ to: split })).toEqual(['run-cadence', 'run-manual']);

    // hindsight runs list shows them all too, the scheduler's included, with the drift behind the drift retrain.
    const cli = await runCli(['runs', 'list', '--tenant', tenant, '--json']);
    expect(cli.code).toBe(0);
    const listed = (
      JSON.parse(cli.stdout) as {
        runs: { runId: string; retrain: { startedBy: string; drift: { value: number } | null } | null }[];
      }
    ).runs;
    expect(listed.map((r) => [r.runId, r.retrain?.startedBy, r.retrain?.drift?.value ?? null])).toEqual([
      ['run-drift', 'scheduler', 0.42],
      ['run-cadence', 'scheduler', null],
      ['run-manual', expect.any(String), null],
    ]);
    const text = await runCli(['runs', 'list', '--tenant', tenant]);
    expect(text.stdout).toMatch(
      /^run-drift {2}failed {2}requested \S+ by scheduler \(policy drift\) {2}drift 0\.42 >= 0\.3 {2}failed at quality-gate: too-few-comparisons$/m,
    );
  }, 120_000);

  it('GET /v1/drift lists the drift measurements over time, and filters by policy, objective and time', async () => {
    const before = (await page('/v1/drift', { limit: '500' })).items.length;
    await publishAsPlatform(
      [drift('pol-2', ['helpfulness'], 0.05), drift('pol-2', ['helpfulness'], 0.11)],
      'scheduler',
    );
    await sleep(30);
    const split = new Date().toISOString();
    await sleep(30);
    await publishAsPlatform([drift('pol-3', ['helpfulness', 'honesty'], 0.2)], 'scheduler');
    const all = await waitFor(
      async () => (await page('/v1/drift', { limit: '500' })).items,
      (items) => items.length === before + 3,
      60_000,
      'three more drift measurements',
    );
    await expectPaging('/v1/drift', (i) => i.eventId);
    const values = async (params: Record<string, string>) =>
      (await page('/v1/drift', { ...params, limit: '500' })).items.map((i) => i.value).sort();
    expect(await values({ policy: 'pol-2' })).toEqual([0.05, 0.11]);
    expect(await values({ objective: 'honesty' })).toEqual([0.2]);
    expect(await values({ policy: 'pol-2', objective: 'honesty' })).toEqual([]);
    expect(await values({ from: split })).toEqual([0.2]);
    expect(await values({ to: split, policy: 'pol-2' })).toEqual([0.05, 0.11]);
    expect(all[0]).toMatchObject({
      policyId: 'pol-3',
      objectives: ['helpfulness', 'honesty'],
      threshold: 0.3,
      measure: 'prompt-js-divergence-bits',
      runId: null,
      since: '2026-11-01T00:00:00.000Z',
    });
  }, 90_000);

  it("GET /v1/dead-letters lists the tenant's poison messages with their reason, not their bytes", async () => {
    // Valid JSON that is no event: the run's topics are shared by its specs, and some of them parse every message.
    const topic = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));
    const poison = (n: number) =>
      producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: `poison-${n}`,
            value: JSON.stringify({ poison: `poison body ${n}` }),
            headers: { 'hindsight-type': 'comparison.recorded', 'hindsight-version': '1', 'hindsight-tenant': tenant },
          },
        ],
      });
    const deadLetters = (n: number) =>
      waitFor(
        async () => (await page('/v1/dead-letters', { limit: '500' })).items,
        (items) => items.length === n,
        60_000,
        `${n} dead letters`,
      );
    await poison(1);
    await poison(2);
    await deadLetters(2);
    await sleep(50);
    const split = new Date().toISOString();
    await sleep(50);
    await poison(3);
    const all = await deadLetters(3);
    await expectPaging('/v1/dead-letters', (i) => i.id);
    expect(all[0]).toMatchObject({
      topic,
      eventType: 'comparison.recorded',
      replayedAt: null,
      reason: expect.stringContaining('tenant: required'),
    });
    expect(JSON.stringify(all)).not.toContain('poison body');
    expect(await ids('/v1/dead-letters', (i) => i.id, { topic })).toHaveLength(3);
    expect(await ids('/v1/dead-letters', (i) => i.id, { topic: 'another-topic' })).toEqual([]);
    expect(await ids('/v1/dead-letters', (i) => i.id, { from: split })).toEqual([all[0].id]);
    expect(await ids('/v1/dead-letters', (i) => i.id, { to: split })).toHaveLength(2);
  }, 90_000);

  it("shows another tenant's key nothing on any read route", async () => {
    for (const route of READ_ROUTES) {
      const { status, body } = await get(route.path, stranger);
      expect([route.path, status, body]).toEqual([route.path, 200, { items: [], nextCursor: null }]);
    }
    // Nor through a cursor of this tenant's pages: the tenant comes from the key, never from the cursor.
    const first = await page('/v1/comparisons', { limit: '1' });
    expect((await page('/v1/comparisons', { cursor: String(first.nextCursor) }, stranger)).items).toEqual([]);
  });

  it('refuses a bad cursor, a bad filter value and an unknown parameter on every read route with a 400 naming the parameter', async () => {
    const cases: [string, string][] = [
      ['cursor=not-a-cursor!', 'cursor'],
      [`cursor=${Buffer.from('{"k":"x","t":"2026-01-01T00:00:00.000000Z","i":"a"}').toString('base64url')}`, 'cursor'],
      ['limit=0', 'limit'],
      ['limit=lots', 'limit'],
      ['from=2026-12-06', 'from'],
      ['to=yesterday', 'to'],
      ['from=2026-12-06T10:00:00Z&to=2026-12-06T09:00:00Z', 'to'],
      ['colour=red', 'colour'],
      ['limit=1&limit=2', 'limit'],
    ];
    for (const route of READ_ROUTES) {
      for (const [q, parameter] of cases) {
        const { status, body } = await get(`${route.path}?${q}`);
        expect([route.path, q, status, body.error]).toEqual([route.path, q, 400, 'validation']);
        expect((body.issues as { path: string }[]).map((i) => i.path)).toContain(parameter);
      }
      // Each route's own filters, with an empty value.
      for (const filter of route.filters.filter((f) => f !== 'from' && f !== 'to')) {
        const { status, body } = await get(`${route.path}?${filter}=`);
        expect([route.path, filter, status]).toEqual([route.path, filter, 400]);
        expect(body.issues).toEqual([{ path: filter, rule: expect.any(String) }]);
      }
    }
    // A cursor of one route is not a cursor of another.
    const comparisons = await page('/v1/comparisons', { limit: '1' });
    const crossed = await get(`/v1/ratings?cursor=${comparisons.nextCursor}`);
    expect(crossed.status).toBe(400);
    expect(crossed.body.issues).toEqual([{ path: 'cursor', rule: CURSOR_RULE }]);
    // Enumerated filters name their values.
    expect((await get('/v1/retrain-runs?status=done')).body.issues).toEqual([
      { path: 'status', rule: 'must be one of requested, dataset-built, completed, failed' },
    ]);
    expect((await get('/v1/erasures?subjectKind=planet')).body.issues).toEqual([
      { path: 'subjectKind', rule: 'must be one of rater, user, interaction' },
    ]);
  });

  it('needs the read or admin scope', async () => {
    for (const route of READ_ROUTES)
      expect([route.path, (await get(route.path, ingest)).status]).toEqual([route.path, 403]);
    expect((await get('/v1/comparisons', admin)).status).toBe(200);
  });
});
