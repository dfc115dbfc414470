import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { startService, type RunningService } from '@hindsight/runtime';
import {
  endOffsetTotal,
  freePort,
  openEventValues,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'annotate-e2e' });
const comparisonTopic = topicName(config.kafka.topicPrefix, topicOf('comparison.recorded'));
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(__dirname, '..', '..', '..', 'docs', 'screenshots');
jest.setTimeout(240_000);

interface Comparison {
  readonly type: string;
  readonly tenant: string;
  readonly data: {
    taskId: string;
    shownOrder: string[];
    guidelineVersion: string;
    dwellTimeMs: number;
    assignmentId?: string;
    raterId: string;
    choice: { kind: string; responseId?: string };
    interfaceVersion?: string;
    rubric?: Record<string, number>;
    comment?: string;
  };
}

const task = (taskId: string) => ({
  taskId,
  prompt: `Explain ${taskId} to a new colleague in two sentences.`,
  responses: [
    { id: 'r1', text: `A short answer about ${taskId}.`, modelVersion: 'policy@1' },
    {
      id: 'r2',
      text: `A longer answer about ${taskId}, with an example and a caveat that a careful reader would want to know.`,
      modelVersion: 'policy@2',
    },
  ],
});

/** Every comparison of `tenant` on this run's topic, opened (data is sealed with the rater's key), once `ready` holds. */
async function comparisonsOf(
  api: ApiUnderTest,
  tenant: string,
  ready: (events: Comparison[]) => boolean,
): Promise<Comparison[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const end = await endOffsetTotal(kafka, comparisonTopic);
    const messages = end === 0 ? [] : await readTopicUntil(kafka, comparisonTopic, (ms) => ms.length >= end);
    const mine = messages.map((m) => m.value).filter((v) => (JSON.parse(v) as Comparison).tenant === tenant);
    const events = (await openEventValues(api.running.context.dataSource, mine)) as unknown as Comparison[];
    if (ready(events)) return events;
    if (Date.now() > deadline)
      throw new Error(
        `comparisonsOf: ${tenant}'s comparisons did not reach ${comparisonTopic} within 60 s (${events.length} seen)`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Serious and critical accessibility violations axe-core finds on the page as it is. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (ctx: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: unknown[] }[] }>;
        };
      }
    ).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes)`);
}

/** Signs in with the keyboard only: the key field has the focus, Enter submits. */
async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('API key').waitFor();
  // The field has the focus as soon as it shows: a rater who types at once loses no key.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('api-key');
  await page.keyboard.type(key);
  await page.keyboard.press('Enter');
}

/** Waits for `locator`; on a timeout the error says what the page showed instead (a CI failure must say it). */
async function waitShowingPage(page: Page, locator: Locator): Promise<void> {
  await locator.waitFor().catch(async (error: Error) => {
    throw new Error(`${error.message}\nthe page shows: ${(await page.locator('body').innerText()).slice(0, 600)}`);
  });
}

/** The response ids of the task on screen, in the order shown, once its progress reads `completed` and it is not the assignment `previous`. */
async function shownTask(
  page: Page,
  completed: number,
  previous?: string,
): Promise<{ order: string[]; prompt: string; check: boolean; assignmentId: string }> {
  await waitShowingPage(page, page.getByText(new RegExp(`^${completed} of \\d+ judged$`)));
  const form = page.locator(
    previous === undefined
      ? 'form[data-assignment-id]'
      : `form[data-assignment-id]:not([data-assignment-id="${previous}"])`,
  );
  await waitShowingPage(page, form);
  const assignmentId = (await form.getAttribute('data-assignment-id')) ?? '';
  await page.getByRole('heading', { name: 'Which response is better?' }).waitFor();
  const order = await page
    .locator('[data-response-id]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-response-id') ?? ''));
  const prompt = (await page.getByTestId('prompt').textContent()) ?? '';
  const check = (await page.locator('form[data-reversal-check]').getAttribute('data-reversal-check')) === 'true';
  return { order, prompt, check, assignmentId };
}

describe('annotation workbench in Chromium, against the api, the projector and the real broker', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let browser: Browser;
  let admin: string;
  let tenant: string;
  const contexts: BrowserContext[] = [];

  /** `throttle`: the page's CPU slowed that many times (CDP), as on a loaded machine; E2E_CPU_THROTTLE sets it for every page. */
  const newPage = async (
    width = 1280,
    height = 900,
    throttle = Number(process.env.E2E_CPU_THROTTLE ?? '1'),
  ): Promise<Page> => {
    // bypassCSP: axe-core is injected as an inline script, which the page's CSP (script-src 'self') refuses.
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    if (throttle > 1)
      await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    page.on('pageerror', (error) => process.stderr.write(`[annotate page] ${error.message}\n`));
    return page;
  };

  async function createQueue(api_: ApiUnderTest, body: Record<string, unknown>, taskIds: string[]): Promise<string> {
    const created = await api_.post('/v1/queues', body, admin);
    expect(created.status).toBe(201);
    const queueId = (created.body as { id: string }).id;
    expect((await api_.post('/v1/tasks', { queueId, tasks: taskIds.map(task) }, admin)).status).toBe(201);
    return queueId;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM}: apt-get install chromium`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    api = await startApiUnderTest(apiService);
    projector = await startService(projectorService, { ...process.env, PROJECTOR_PORT: String(await freePort()) });
    tenant = uniqueTenant('annotate');
    admin = (await api.issueKey({ tenant, scopes: ['ingest', 'admin', 'read'] })).key;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await projector?.app.close();
    await api?.close();
  });

  it('an annotator completes 10 tasks of a counterbalanced queue with the keyboard only; the comparisons carry the served order, the guideline version and a dwell time', async () => {
    const taskIds = Array.from({ length: 10 }, (_, i) => `task-${i + 1}`);
    const queueId = await createQueue(
      api,
      {
        name: 'Explanations',
        overlap: 2,
        counterbalance: true,
        taskType: 'explanation',
        objective: 'helpfulness',
        guidelineVersion: 'g-e2e-1',
        guidelines:
          'Prefer the response that a new colleague would understand and could act on. Length alone is no merit. Choose Tie when neither is better.',
        reversalShare: 0,
      },
      taskIds,
    );
    const rater = (await api.issueKey({ tenant, scopes: ['rater'], name: 'rater-ada' })).key;
    const page = await newPage();
    await signIn(page, `${api.url}/annotate`, rater);
    // No queue in the link: the rater names it (keyboard only).
    await page.getByLabel('Queue id').waitFor();
    await page.keyboard.type(queueId);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Guidelines/ }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'annotate-guidelines.png') });
    await page.keyboard.press('Enter');

    const served: { order: string[]; prompt: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const shown = await shownTask(page, i);
      served.push(shown);
      if (i === 0) {
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, 'annotate-task-1280.png'), fullPage: true });
        // Submitting without a choice shows the api's field error inline, and records nothing.
        await page.keyboard.press('Enter');
        await page.locator('#choice-errors').getByText('choice').waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, 'annotate-field-error.png'), fullPage: true });
      }
      // Prefer the first response shown, clearly better; every third a tie.
      if (i % 3 === 2) await page.keyboard.press('t');
      else {
        await page.keyboard.press('1');
        await page.keyboard.press('w');
      }
      await page.keyboard.press('Enter');
    }
    await page.getByRole('heading', { name: 'No more tasks for you in this queue' }).waitFor();
    expect(await page.getByText('You judged 10 of its 10 tasks').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'annotate-empty.png') });

    const events = await comparisonsOf(
      api,
      tenant,
      (es) => es.filter((e) => e.data.raterId === 'rater-ada').length >= 10,
    );
    const mine = events.filter((e) => e.data.raterId === 'rater-ada');
    expect(mine).toHaveLength(10);
    expect(mine.map((e) => e.data.taskId).sort()).toEqual([...taskIds].sort());
    for (const e of mine) {
      const shown = served.find((s) => s.prompt.includes(`Explain ${e.data.taskId} `))!;
      expect(e.data.shownOrder).toEqual(shown.order);
      expect(e.data.guidelineVersion).toBe('g-e2e-1');
      expect(e.data.dwellTimeMs).toBeGreaterThan(0);
      expect(e.data.interfaceVersion).toBe('workbench-1');
      if (e.data.choice.kind === 'preferred') expect(e.data.choice.responseId).toBe(shown.order[0]);
    }
    expect(mine.filter((e) => e.data.choice.kind === 'tie')).toHaveLength(3);

    // Counterbalanced: the queue's second rater sees each task in the other order (390 px wide, a phone).
    const second = (await api.issueKey({ tenant, scopes: ['rater'], name: 'rater-bo' })).key;
    const phone = await newPage(390, 844);
    await signIn(phone, `${api.url}/annotate/${queueId}`, second);
    await phone.getByRole('heading', { name: /Guidelines/ }).waitFor();
    await phone.keyboard.press('Enter');
    const first = await shownTask(phone, 0);
    const before = served.find((s) => s.prompt === first.prompt)!;
    expect(first.order).toEqual([...before.order].reverse());
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: join(SCREENSHOTS, 'annotate-task-390.png'), fullPage: true });
  });

  it('a reversal task arrives (the order reversed) and the quality report counts the pair', async () => {
    const queueId = await createQueue(
      api,
      {
        name: 'Reversals',
        overlap: 1,
        counterbalance: false,
        taskType: 'explanation',
        objective: 'helpfulness',
        guidelineVersion: 'g-e2e-1',
        reversalShare: 1,
      },
      ['rev-1', 'rev-2'],
    );
    const rater = (await api.issueKey({ tenant, scopes: ['rater'], name: 'rater-cy' })).key;
    // A slow page (CPU 20× slower): a key pressed before the task's key listener was attached, or Enter handled by
    // the listener of the render before the choice, was lost, and the next task never came (seen once under load).
    const page = await newPage(1280, 900, 20);
    await signIn(page, `${api.url}/annotate/${queueId}`, rater);
    const shown: { order: string[]; prompt: string; check: boolean; assignmentId: string }[] = [];
    for (let i = 0; i < 4; i++) {
      // Reversal checks do not count towards the quota: progress stays at 2 for them.
      const s = await shownTask(page, Math.min(i, 2), shown[i - 1]?.assignmentId);
      shown.push(s);
      if (s.check) await page.screenshot({ path: join(SCREENSHOTS, 'annotate-reversal-check.png') });
      // The same preference each time (the longer answer, r2): a consistent rater, whatever the order.
      await page.keyboard.press(String(s.order.indexOf('r2') + 1));
      await page.keyboard.press('Enter');
    }
    await page.getByRole('heading', { name: 'No more tasks for you in this queue' }).waitFor();
    expect(shown.map((s) => s.check)).toEqual([false, false, true, true]);
    // rev-1 comes back (reversed) after rev-2, then rev-2 reversed.
    expect(shown[2].prompt).toBe(shown[0].prompt);
    expect(shown[2].order).toEqual([...shown[0].order].reverse());
    expect(shown[3].order).toEqual([...shown[1].order].reverse());

    const report = await waitFor(
      async () => {
        const response = await fetch(
          `${api.url}/v1/quality/report?asOf=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
          { headers: { authorization: `Bearer ${admin}` } },
        );
        return (await response.json()) as {
          positionBias?: { reversals?: { sameRaterPairs: number; sameRaterReversals: number } };
        };
      },
      (r) => (r.positionBias?.reversals?.sameRaterPairs ?? 0) >= 2,
      90_000,
      'the quality report counting the two reversal pairs',
    );
    expect(report.positionBias!.reversals).toMatchObject({ sameRaterPairs: 2, sameRaterReversals: 0 });
  });

  it('a rubric queue: the rater scores its dimensions and comments with the keyboard only; rubric and comment reach Kafka', async () => {
    const rubric = [
      { id: 'clarity', label: 'Clarity', scale: { min: 1, max: 5 } },
      { id: 'accuracy', label: 'Accuracy', scale: { min: 1, max: 5 } },
    ];
    const queueId = await createQueue(
      api,
      {
        name: 'Rubric',
        overlap: 1,
        counterbalance: false,
        taskType: 'explanation',
        objective: 'helpfulness',
        guidelineVersion: 'g-e2e-1',
        rubric,
      },
      ['rubric-1'],
    );
    const rater = (await api.issueKey({ tenant, scopes: ['rater'], name: 'rater-fay' })).key;
    const page = await newPage();
    await signIn(page, `${api.url}/annotate/${queueId}`, rater);
    await shownTask(page, 0);
    await page.getByTestId('rubric').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('1');
    await page.keyboard.press('r');
    await page.keyboard.type('4');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Escape');
    await page.keyboard.press('c');
    await page.keyboard.type('Clear, but skips a step.');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(SCREENSHOTS, 'annotate-rubric.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'No more tasks for you in this queue' }).waitFor();
    const events = await comparisonsOf(api, tenant, (es) => es.some((e) => e.data.raterId === 'rater-fay'));
    const mine = events.filter((e) => e.data.raterId === 'rater-fay');
    expect(mine).toHaveLength(1);
    expect(mine[0].data).toMatchObject({
      taskId: 'rubric-1',
      rubric: { clarity: 4, accuracy: 5 },
      comment: 'Clear, but skips a step.',
    });
  });

  it('an abandoned assignment expires after its lease and is served to another rater', async () => {
    // An api of its own with a short lease (the lease is the api's setting): long enough that the leaver still holds
    // the task when the other rater asks right after, even on a loaded machine (2 s was not: a slow page outlived it).
    const leaseSeconds = 10;
    const shortLease = await startApiUnderTest(apiService, { QUEUE_LEASE_SECONDS: String(leaseSeconds) });
    try {
      const queueId = await createQueue(
        shortLease,
        {
          name: 'Leases',
          overlap: 1,
          counterbalance: false,
          taskType: 'explanation',
          objective: 'helpfulness',
          guidelineVersion: 'g-e2e-1',
        },
        ['lease-1'],
      );
      const leaver = (await shortLease.issueKey({ tenant, scopes: ['rater'], name: 'rater-dee' })).key;
      const taker = (await shortLease.issueKey({ tenant, scopes: ['rater'], name: 'rater-eli' })).key;
      const first = await newPage();
      await signIn(first, `${shortLease.url}/annotate/${queueId}`, leaver);
      const abandoned = await shownTask(first, 0);
      await first.context().close();
      // Within the lease the task is the leaver's: the other rater finds the queue empty.
      const early = await fetch(`${shortLease.url}/v1/tasks/next?queue=${queueId}`, {
        headers: { authorization: `Bearer ${taker}` },
      });
      expect(early.status).toBe(204);
      // The task was served before that check: a full lease from now, it has run out.
      await new Promise((r) => setTimeout(r, leaseSeconds * 1000 + 500));
      const second = await newPage();
      await signIn(second, `${shortLease.url}/annotate/${queueId}`, taker);
      const taken = await shownTask(second, 0);
      expect(taken.prompt).toBe(abandoned.prompt);
      await second.keyboard.press('1');
      await second.keyboard.press('Enter');
      await second.getByRole('heading', { name: 'No more tasks for you in this queue' }).waitFor();
      // The leaver is not served it again.
      const again = await fetch(`${shortLease.url}/v1/tasks/next?queue=${queueId}`, {
        headers: { authorization: `Bearer ${leaver}` },
      });
      expect(again.status).toBe(204);
    } finally {
      await shortLease.close();
    }
  });
});
