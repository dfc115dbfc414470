import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { apiService } from '@hindsight/api-service';
import { projectorService } from '@hindsight/projector-service';
import { loadTrainerSettings, trainerService } from '@hindsight/trainer-service';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import { startService, type RunningService } from '@hindsight/runtime';
import {
  comparisonInput,
  freePort,
  runCli,
  startApiUnderTest,
  uniqueTenant,
  waitFor,
  type ApiUnderTest,
} from '@hindsight/test-support';

/*
 * The operator console in Debian's Chromium against the real api, projector and
 * trainer: an operator signs in, opens the quality page of a simulated tenant
 * with planted biases, and sees exactly the raters `hindsight quality report
 * --json` flags for the same T, in charts that have marks; a key of another
 * tenant sees none of it. Then, with data on every page (dataset builds by the api
 * and by retrain runs, policies, runs, models, a monitored run, drift readings and
 * dead letters), every page is opened at 1280 px and at 390 px: no sideways
 * scrolling of the page, every chart has marks, axe-core finds no serious or
 * critical violation, and each is photographed into docs/screenshots/ for the
 * README (`console-<page>.png` and `console-<page>-390.png`).
 */
const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '../../../..');
const SHOTS = join(ROOT, 'docs', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
jest.setTimeout(600_000);

const base = loadPlatformConfig();
const prefix = `${base.kafka.topicPrefix}console.`;
const env: Record<string, string> = {
  KAFKA_TOPIC_PREFIX: prefix,
  PROJECTOR_GROUP_ID: `${base.kafka.projectorGroupId}-console`,
  TRAINER_GROUP_ID: `${prefix}trainer`,
  ARTIFACTS_DIR: mkdtempSync(join(tmpdir(), 'hindsight-console-')),
  TRAINER_POLL_MS: '200',
};

interface RaterJson {
  rater: string;
  flags: string[];
  comparisons: number;
  firstWinRate: number | null;
}
interface ReportJson {
  totals: { comparisons: number };
  raters: RaterJson[];
  agreementByTaskType: { taskType: string; kappa: number | null }[];
}

/** The raters a report flags: any flag but insufficient-data (which flags nothing). Written here from the report's own rules, not from the console's code. */
const flaggedIn = (report: ReportJson) =>
  report.raters
    .filter((r) => r.flags.some((f) => f !== 'insufficient-data'))
    .map((r) => r.rater)
    .sort();

describe('operator console in Chromium', () => {
  let api: ApiUnderTest;
  let projector: RunningService;
  let trainer: RunningService;
  let browser: Browser;
  let tenant: string;
  let operatorKey: string;
  let strangerKey: string;
  let ingestKey: string;
  let asOf: string;
  let cliReport: ReportJson;
  let pageErrors: string[];
  // made by the datasets-to-dead-letters test, opened again by the every-page test
  let buildIds: string[] = [];
  let completedRunIds: string[] = [];
  let failedRunId = '';
  const producer = createKafka({ brokers: base.kafka.brokers, clientId: 'console-e2e' }).producer({ idempotent: true });

  const call = async (
    method: string,
    path: string,
    key: string,
    body?: unknown,
    attempt = 1,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    let response: Response;
    try {
      response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      // A GET may be asked again when the connection dropped (ECONNRESET while the trainer, in this process, trains); anything else fails.
      if (method === 'GET' && attempt < 3) return call(method, path, key, body, attempt + 1);
      throw error;
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };

  /** Sealed events straight onto this spec's topics, as the scheduler and the trainer publish them (the api refuses their types). */
  const publishAsPlatform = async (inputs: unknown[], source: string) => {
    for (const input of inputs) {
      const e = sealEvent(validateEventInput(input), {
        id: formatUuidV7(Date.now(), randomBytes(10)),
        recordedAt: new Date().toISOString(),
        tenant,
        source,
      }) as HindsightEvent;
      await producer.send({
        topic: topicName(prefix, topicOf(e.type)),
        acks: -1,
        messages: [{ key: partitionKey(e), value: JSON.stringify(e), headers: eventHeaders(e) }],
      });
    }
  };

  /** `n` messages the projector must dead-letter: valid JSON but no event, on this spec's own comparison topic, headed with the tenant. */
  const poison = async (n: number) => {
    const topic = topicName(prefix, topicOf('comparison.recorded'));
    for (let k = 0; k < n; k++) {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: `poison-${k}`,
            value: JSON.stringify({ poison: `poison body ${k}` }),
            headers: { 'hindsight-type': 'comparison.recorded', 'hindsight-version': '1', 'hindsight-tenant': tenant },
          },
        ],
      });
    }
  };

  /** `n` more judgments through the api, after T (the quality checks read as of T), waited for until projected. */
  const judgeMore = async (n: number) => {
    const before = (
      await call('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, operatorKey)
    ).body as unknown as ReportJson;
    const sent = await call('POST', '/v1/events/batch', ingestKey, {
      events: Array.from({ length: n }, (_, i) => comparisonInput(i, 'late', 3)),
    });
    expect(sent.status).toBe(202);
    await waitFor(
      async () =>
        (await call('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, operatorKey))
          .body as unknown as ReportJson,
      (r) => r.totals?.comparisons === before.totals.comparisons + n,
      60_000,
      `the ${n} late judgments projected`,
    );
  };

  beforeAll(async () => {
    await producer.connect();
    // Chromium comes from Debian's package (.ci/run installs it): without it, say so at once rather than time out.
    if (!existsSync(CHROMIUM))
      throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM}: apt-get install chromium`);
    mkdirSync(SHOTS, { recursive: true });
    api = await startApiUnderTest(apiService, env);
    projector = await startService(projectorService, {
      ...process.env,
      ...env,
      PROJECTOR_PORT: String(await freePort()),
    });
    tenant = uniqueTenant('console');
    operatorKey = (await api.issueKey({ tenant, scopes: ['read', 'admin'] })).key;
    ingestKey = (await api.issueKey({ tenant, scopes: ['ingest'] })).key;
    strangerKey = (await api.issueKey({ tenant: uniqueTenant('stranger'), scopes: ['read', 'admin'] })).key;

    // A simulated quarter with planted position bias, length bias, spammers and a conflicting group, through the api.
    const simulated = await runCli(
      [
        'simulate',
        '--tenant',
        tenant,
        '--raters',
        '30',
        '--comparisons',
        '2500',
        '--seed',
        '11',
        '--api',
        api.url,
        '--key',
        ingestKey,
        '--json',
      ],
      env,
    );
    expect(simulated.code).toBe(0);
    const { comparisons } = JSON.parse(simulated.stdout) as { comparisons: number };
    await waitFor(
      async () =>
        (await call('GET', `/v1/quality/report?asOf=${encodeURIComponent(new Date().toISOString())}`, operatorKey))
          .body as unknown as ReportJson,
      (r) => r.totals?.comparisons === comparisons,
      120_000,
      `the ${comparisons} simulated comparisons projected`,
    );
    asOf = `${new Date(Date.now() + 1000).toISOString().slice(0, 19)}Z`;
    await new Promise((r) => setTimeout(r, 1500)); // T must not be in the future for the CLI's reading
    const cli = await runCli(['quality', 'report', '--tenant', tenant, '--as-of', asOf, '--json'], env);
    expect(cli.code).toBe(0);
    cliReport = JSON.parse(cli.stdout) as ReportJson;
    expect(cliReport.totals.comparisons).toBe(comparisons);

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
    await browser?.close();
    await trainer?.app.close();
    await projector?.app.close();
    await api?.close();
    await producer.disconnect();
  });

  /** A fresh browser context signed in with `key` through the console's form (the key never goes in a URL). */
  async function signedIn(key: string, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    // Every request of the pages must succeed, but for the session probe before signing in (401) and the browser's favicon.
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.status() >= 400 && !(path === '/v1/session' && r.status() === 401) && path !== '/favicon.ico')
        pageErrors.push(`${r.status()} ${r.request().method()} ${path}`);
    });
    await page.goto(`${api.url}/console/quality?asOf=${asOf}`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: /Quality as of/ }).waitFor();
    return { context, page };
  }

  /** axe-core in the page: no serious or critical violation (WCAG 2 A and AA rules). */
  async function expectAccessible(page: Page, what: string): Promise<void> {
    // Evaluated through the DevTools protocol: the page's Content-Security-Policy (script-src 'self') stays on and would refuse a script tag.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
    const violations = (await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: Document,
              o: unknown,
            ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      }));
    })) as { id: string; impact: string; targets: string[] }[];
    expect({ what, serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({
      what,
      serious: [],
    });
  }

  /** Every chart of the page holds marks: at least one drawn element inside Plot's mark groups. */
  async function marksPerChart(page: Page): Promise<Record<string, number>> {
    return page.evaluate(() => {
      const out: Record<string, number> = {};
      for (const figure of Array.from(document.querySelectorAll('figure[data-chart]'))) {
        const id = figure.getAttribute('data-chart') as string;
        const marks = figure.querySelectorAll(
          'svg g[aria-label="dot"] circle, svg g[aria-label="line"] path, svg g[aria-label="bar"] rect, svg g[aria-label="rule"] line, svg g[aria-label="tick"] line',
        );
        out[id] = marks.length;
      }
      return out;
    });
  }

  const rowsOf = (page: Page, table: string, attribute: string) =>
    page.$$eval(
      `table[data-table="${table}"] tbody tr`,
      (rows, a) => rows.map((r) => r.getAttribute(a) as string),
      attribute,
    );

  beforeEach(() => {
    pageErrors = [];
  });

  it('shows exactly the raters the CLI flags for the same tenant and T, with charts that have marks, and passes axe', async () => {
    const expected = flaggedIn(cliReport);
    expect(expected.length).toBeGreaterThan(0); // the simulation planted biases: an empty list would prove nothing
    const { context, page } = await signedIn(operatorKey);
    await page.locator('table[data-table="flagged-raters"]').waitFor();
    await page.locator('figure[data-chart="forest"] svg[aria-label]').waitFor();
    expect((await rowsOf(page, 'flagged-raters', 'data-rater')).sort()).toEqual(expected);
    expect(await page.locator('[data-total="comparisons"]').textContent()).toBe(String(cliReport.totals.comparisons));

    // the agreement table: each task type's kappa as the CLI printed it, to the page's three decimals
    const kappas = await page.$$eval('table[data-table="agreement"] tbody tr', (rows) =>
      rows.map((r) => [r.querySelector('th')!.textContent, r.querySelectorAll('td')[3].textContent]),
    );
    expect(kappas).toEqual(
      cliReport.agreementByTaskType.map((a) => [a.taskType, a.kappa === null ? '–' : a.kappa.toFixed(3)]),
    );

    const marks = await marksPerChart(page);
    expect(Object.keys(marks).sort()).toEqual([
      'agreement',
      'forest',
      'length-objective',
      'length-rater',
      'reliability',
      'representation',
    ]);
    for (const [chart, n] of Object.entries(marks))
      expect({ chart, hasMarks: n > 0 }).toEqual({ chart, hasMarks: true });
    // the forest plot: one dot per rater with a decided judgment, as many as the CLI's report has rates
    const dots = await page.locator('figure[data-chart="forest"] svg g[aria-label="dot"] circle').count();
    expect(dots).toBe(cliReport.raters.filter((r) => r.firstWinRate !== null).length);

    await expectAccessible(page, 'quality page');

    // drill down to the first flagged rater's judgments
    await page.locator('table[data-table="flagged-raters"] tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Rater / }).waitFor();
    await page.locator('table[data-table="judgments"] tbody tr').first().waitFor();
    // the first flagged rater by the page's order: their flags, and as many judgments as the report counted for them
    const drilled = (await page.getByRole('heading', { level: 1 }).textContent())!.replace(
      /^Rater (.*) as of .*$/,
      '$1',
    );
    const first = cliReport.raters.find((r) => r.rater === drilled)!;
    expect(first.flags.some((f) => f !== 'insufficient-data')).toBe(true);
    expect(await page.locator('[data-field="flags"]').textContent()).toBe(first.flags.join(', '));
    await waitFor(
      () => page.locator('table[data-table="judgments"] tbody tr').count(),
      (n) => n === first.comparisons,
      30_000,
      `the ${first.comparisons} judgments of ${drilled}`,
    );
    await expectAccessible(page, 'rater page');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('shows a key of another tenant none of it', async () => {
    const { context, page } = await signedIn(strangerKey);
    await page.locator('[data-total="comparisons"]').waitFor();
    expect(await page.locator('[data-total="comparisons"]').textContent()).toBe('0');
    expect(await page.locator('table[data-table="flagged-raters"]').count()).toBe(0);
    const someone = flaggedIn(cliReport)[0];
    await page.goto(`${api.url}/console/raters/${encodeURIComponent(someone)}?asOf=${asOf}`);
    await page.getByText('This rater has no judgment in the report as of this time.').waitFor();
    expect(await page.locator('table[data-table="judgments"] tbody tr').count()).toBe(0);
    await context.close();
  });

  it('shows datasets with their diff, policies, runs with stages and gates, models with lineage, reward hacking, drift and dead letters', async () => {
    // two dataset builds, a policy, two retrains (the second model's parent is the first), and a monitored policy-training run
    const builds: string[] = [];
    for (let i = 0; i < 2; i++) {
      // Between the two builds, 12 more judgments: the diff has pairs added (and its chart a bar).
      if (i === 1) await judgeMore(12);
      const started = await call('POST', '/v1/datasets', operatorKey, { asOf: new Date().toISOString() });
      expect(started.status).toBe(202);
      await waitFor(
        async () => (await call('GET', `/v1/datasets/${started.body.id as string}`, operatorKey)).body,
        (b) => b.status === 'built',
        120_000,
        'a dataset build',
      );
      builds.push(started.body.id as string);
    }
    buildIds = builds;
    const policy = await call('POST', '/v1/policies', operatorKey, {
      name: 'quarterly',
      cadence: 'quarterly',
      timezone: 'Europe/Berlin',
      objectives: ['helpfulness'],
      recipe: { id: 'default', version: 1 },
    });
    expect(policy.status).toBe(201);
    const policyId = policy.body.id as string;
    trainer = await startService(trainerService({ settings: loadTrainerSettings({ ...process.env, ...env }) }), {
      ...process.env,
      ...env,
      TRAINER_PORT: String(await freePort()),
    });
    const runIds: string[] = [];
    for (let i = 0; i < 2; i++) {
      const requested = await runCli(['retrain', '--policy', policyId, '--tenant', tenant, '--json'], env);
      expect(requested.code).toBe(0);
      const runId = (JSON.parse(requested.stdout) as { runId: string }).runId;
      await waitFor(
        async () =>
          (await call('GET', `/v1/runs/${runId}`, operatorKey)).body as { trainer?: { state: string } | null },
        (r) => r.trainer?.state === 'completed' || r.trainer?.state === 'failed',
        300_000,
        `run ${runId}`,
      );
      runIds.push(runId);
    }
    completedRunIds = runIds;
    // a third run whose quality gate must fail: the strict policy asks for more pairs than the tenant has
    const strict = await call('POST', '/v1/policies', operatorKey, {
      name: 'strict',
      cadence: 'monthly',
      objectives: ['helpfulness'],
      recipe: { id: 'strict', version: 1, inline: { gates: { minPairs: 100000 } } },
    });
    expect(strict.status).toBe(201);
    const failing = await runCli(['retrain', '--policy', strict.body.id as string, '--tenant', tenant, '--json'], env);
    expect(failing.code).toBe(0);
    failedRunId = (JSON.parse(failing.stdout) as { runId: string }).runId;
    await waitFor(
      async () =>
        (await call('GET', `/v1/runs/${failedRunId}`, operatorKey)).body as { trainer?: { state: string } | null },
      (r) => r.trainer?.state === 'failed',
      300_000,
      `run ${failedRunId} failed`,
    );

    const ingest = await call('POST', '/v1/events/batch', ingestKey, {
      events: Array.from({ length: 21 }, (_, k) => k * 100).flatMap((step) => [
        {
          type: 'training.metrics.reported',
          data: { runId: 'ppo-console', step, meanReward: 0.1 + step / 1000, kl: step / 500 },
        },
        ...(step % 400 === 0
          ? [
              {
                type: 'eval.human.reported',
                data: {
                  runId: 'ppo-console',
                  step,
                  winRate: step <= 800 ? 0.5 + step / 4000 : 0.7 - (step - 800) / 5000,
                  n: 200,
                },
              },
            ]
          : []),
      ]),
    });
    expect(ingest.status).toBe(202);
    await waitFor(
      async () =>
        (await call('GET', '/v1/runs/ppo-console', operatorKey)).body as {
          curves?: { training: unknown[]; humanEval: unknown[] };
        },
      (r) => (r.curves?.training.length ?? 0) + (r.curves?.humanEval.length ?? 0) === 27,
      60_000,
      'the policy-training run projected',
    );
    expect((await call('PUT', '/v1/runs/ppo-console/budget', operatorKey, { klBudget: 3 })).status).toBe(200);

    const { context, page } = await signedIn(operatorKey);
    const visit = async (path: string, ready: string) => {
      await page.goto(`${api.url}${path}`);
      await page.locator(ready).first().waitFor();
    };

    await visit(`/console/datasets?a=${builds[0]}&b=${builds[1]}`, '[data-diff="unchanged"]');
    const diff = await call('GET', `/v1/datasets/diff?a=${builds[0]}&b=${builds[1]}`, operatorKey);
    const diffShown = await page.$$eval('[data-diff]', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-diff'), Number(e.textContent)])),
    );
    const d = diff.body.diff as {
      added: { count: number };
      removed: { count: number };
      relabelled: { count: number };
      unchanged: number;
    };
    expect(diffShown).toEqual({
      added: d.added.count,
      removed: d.removed.count,
      relabelled: d.relabelled.count,
      unchanged: d.unchanged,
    });
    expect(d.added.count).toBeGreaterThan(0);
    // every build is listed with its origin: the two made through the api, and those the retrain runs made (one per objective)
    const listing = (await call('GET', '/v1/datasets', operatorKey)).body as unknown as {
      datasets: { id: string }[];
      runBuilds: { runId: string; objective: string }[];
    };
    for (const runId of runIds) expect(listing.runBuilds.map((b) => b.runId)).toContain(runId);
    const origins = await page.$$eval('table[data-table="datasets"] tbody tr', (rows) =>
      rows.map((r) => r.getAttribute('data-origin') as string),
    );
    expect(origins.filter((o) => o === 'api')).toHaveLength(listing.datasets.length);
    expect(origins.filter((o) => o !== 'api').sort()).toEqual(listing.runBuilds.map((b) => b.runId).sort());
    expect(await page.locator(`tr[data-origin="${runIds[0]}"] [data-field="origin"]`).first().textContent()).toBe(
      `run ${runIds[0]}`,
    );

    await visit('/console/policies', 'table[data-table="policies"] tbody tr');
    const cliPolicies = await runCli(['policy', 'list', '--tenant', tenant, '--json'], env);
    const next = JSON.parse(cliPolicies.stdout) as
      { policies?: { id: string; nextFireAt: string }[] } | { id: string; nextFireAt: string }[];
    const listed = Array.isArray(next) ? next : (next.policies ?? []);
    const nextFire = listed.find((p) => p.id === policyId)?.nextFireAt;
    expect(nextFire).toBeDefined();
    expect(await page.locator(`tr[data-policy="${policyId}"] [data-field="nextFireAt"]`).textContent()).toBe(
      `${nextFire!.slice(0, 19).replace('T', ' ')}Z`,
    );

    await visit('/console/runs', 'table[data-table="runs"] tbody tr');
    expect((await rowsOf(page, 'runs', 'data-run')).sort()).toEqual([...runIds, failedRunId].sort());
    await visit(`/console/runs/${failedRunId}`, 'ol[data-table="stages"] li');
    expect(await page.locator('ol[data-table="stages"] li[data-status="failed"]').textContent()).toContain(
      'quality gates',
    );
    expect(await page.locator('[data-field="failure"]').textContent()).toContain('too-few-examples');
    await visit(`/console/runs/${runIds[1]}`, 'ol[data-table="stages"] li');
    expect(await page.locator('ol[data-table="stages"] li[data-status="done"]').count()).toBe(5);

    await visit('/console/models', 'table[data-table="models"] tbody tr');
    expect(await marksPerChart(page)).toEqual({ 'model-accuracy': expect.any(Number) });
    // the second model's accuracy and its delta against its parent, as `hindsight models compare PARENT CHILD --json` prints them
    const [parent, child] = runIds.map((id) => `helpfulness-${id}`);
    const compared = await runCli(['models', 'compare', parent, child, '--tenant', tenant, '--json'], env);
    expect(compared.code).toBe(0);
    const metric = (
      JSON.parse(compared.stdout) as { objectives: { metrics: { name: string; b: number; delta: number }[] }[] }
    ).objectives[0].metrics.find((m) => m.name === 'pairwiseAccuracy')!;
    const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
    expect(await page.locator(`tr[data-model="${child}"] [data-metric="pairwiseAccuracy"]`).textContent()).toBe(
      `${metric.b.toFixed(3)} (${signed(metric.delta)})`,
    );

    await visit('/console/reward-hacking', 'table[data-table="monitored-runs"] tbody tr');
    await visit('/console/runs/ppo-console', 'figure[data-chart="kl"] svg[aria-label]');
    const runMarks = await marksPerChart(page);
    for (const chart of ['reward', 'human-win-rate', 'kl'])
      expect({ chart, hasMarks: runMarks[chart] > 0 }).toEqual({ chart, hasMarks: true });
    const shown = await runCli(['runs', 'show', 'ppo-console', '--tenant', tenant, '--json'], env);
    const monitor = (JSON.parse(shown.stdout) as { monitor: { flags: string[]; reasons: string[] } }).monitor;
    expect(monitor.flags).toEqual(['kl-over-budget', 'reward-hacking']);
    expect(await page.locator('[data-field="reasons"] li').allTextContents()).toEqual(monitor.reasons);
    expect(await page.locator('#hacking-h').textContent()).toContain(`(${monitor.flags.join(', ')})`);

    // Drift readings of the quarterly policy, one a day for a week, as the scheduler publishes them.
    await publishAsPlatform(
      [0.04, 0.07, 0.06, 0.12, 0.18, 0.22, 0.27].map((value, k) => ({
        type: 'drift.measured',
        idempotencyKey: `drift-${policyId}-${k}`,
        occurredAt: new Date(Date.now() - (6 - k) * 86_400_000).toISOString(),
        data: {
          policyId,
          objectives: ['helpfulness'],
          since: new Date(Date.now() - 30 * 86_400_000).toISOString(),
          value,
          threshold: 0.3,
          measure: 'prompt-js-divergence-bits',
        },
      })),
      'scheduler',
    );
    await waitFor(
      async () => ((await call('GET', '/v1/drift?limit=500', operatorKey)).body.items as unknown[]).length,
      (n) => n === 7,
      60_000,
      'the 7 drift readings projected',
    );
    await visit('/console/drift', 'figure[data-chart="drift"] svg[aria-label]');
    expect(await page.locator('table[data-table="drift"] tbody tr').count()).toBe(7);
    expect((await marksPerChart(page)).drift).toBeGreaterThan(0);

    // Dead letters: JSON that is no event, on this spec's own comparison topic, for this tenant (never on a shared topic).
    await poison(3);
    await waitFor(
      async () => ((await call('GET', '/v1/dead-letters?limit=500', operatorKey)).body.items as unknown[]).length,
      (n) => n === 3,
      60_000,
      'the 3 dead letters',
    );
    await visit('/console/dead-letters', 'table[data-table="dead-letters"] tbody tr');
    expect(await page.locator('table[data-table="dead-letters"] tbody tr').count()).toBe(3);
    expect(await page.locator('table[data-table="dead-letters"]').textContent()).not.toContain('poison body');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('opens every page with data at 1280 px and at 390 px: no sideways scrolling, charts with marks, no serious axe violation', async () => {
    // The previous test made the data: without it, say so rather than check empty pages.
    expect({ builds: buildIds.length, runs: completedRunIds.length, failed: failedRunId !== '' }).toEqual({
      builds: 2,
      runs: 2,
      failed: true,
    });
    const rater = flaggedIn(cliReport)[0];
    const pages: { shot: string; path: string; ready: string; charts: string[] }[] = [
      {
        shot: 'quality',
        path: `/console/quality?asOf=${asOf}`,
        ready: 'figure[data-chart="forest"] svg[aria-label]',
        charts: ['agreement', 'forest', 'length-objective', 'length-rater', 'reliability', 'representation'],
      },
      {
        shot: 'rater',
        path: `/console/raters/${encodeURIComponent(rater)}?asOf=${asOf}`,
        ready: 'table[data-table="judgments"] tbody tr',
        charts: [],
      },
      {
        shot: 'datasets',
        path: `/console/datasets?a=${buildIds[0]}&b=${buildIds[1]}`,
        ready: 'figure[data-chart="dataset-diff"] svg[aria-label]',
        charts: ['dataset-diff'],
      },
      { shot: 'policies', path: '/console/policies', ready: 'table[data-table="policies"] tbody tr', charts: [] },
      { shot: 'runs', path: '/console/runs', ready: 'table[data-table="runs"] tbody tr', charts: [] },
      {
        shot: 'run',
        path: `/console/runs/${failedRunId}`,
        ready: 'ol[data-table="stages"] li[data-status="failed"]',
        charts: [],
      },
      {
        shot: 'run-completed',
        path: `/console/runs/${completedRunIds[1]}`,
        ready: 'ol[data-table="stages"] li[data-status="done"]',
        charts: [],
      },
      {
        shot: 'models',
        path: '/console/models',
        ready: 'figure[data-chart="model-accuracy"] svg[aria-label]',
        charts: ['model-accuracy'],
      },
      {
        shot: 'reward-hacking',
        path: '/console/reward-hacking',
        ready: 'table[data-table="monitored-runs"] tbody tr',
        charts: [],
      },
      {
        shot: 'reward-hacking-run',
        path: '/console/runs/ppo-console',
        ready: 'figure[data-chart="kl"] svg[aria-label]',
        charts: ['reward', 'human-win-rate', 'kl'],
      },
      { shot: 'drift', path: '/console/drift', ready: 'figure[data-chart="drift"] svg[aria-label]', charts: ['drift'] },
      {
        shot: 'dead-letters',
        path: '/console/dead-letters',
        ready: 'table[data-table="dead-letters"] tbody tr',
        charts: [],
      },
    ];
    for (const width of [1280, 390]) {
      const { context, page } = await signedIn(operatorKey, width);
      for (const p of pages) {
        const what = `${p.shot} at ${width} px`;
        await page.goto(`${api.url}${p.path}`);
        await page.locator(p.ready).first().waitFor();
        for (const chart of p.charts)
          await page.locator(`figure[data-chart="${chart}"] svg[aria-label]`).first().waitFor();
        // The page never scrolls sideways: what is wider (tables) scrolls inside its own region.
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        expect({ what, fits: scrollWidth <= width }).toEqual({ what, fits: true });
        const widest = await page.$$eval('figure[data-chart] svg', (svgs) =>
          Math.max(0, ...svgs.map((s) => s.getBoundingClientRect().right)),
        );
        expect({ what, chartsFit: widest <= width }).toEqual({ what, chartsFit: true });
        const marks = await marksPerChart(page);
        expect({ what, charts: Object.keys(marks).sort() }).toEqual({ what, charts: [...p.charts].sort() });
        for (const [chart, n] of Object.entries(marks))
          expect({ what, chart, hasMarks: n > 0 }).toEqual({ what, chart, hasMarks: true });
        await expectAccessible(page, what);
        await page.screenshot({
          path: join(SHOTS, width === 1280 ? `console-${p.shot}.png` : `console-${p.shot}-${width}.png`),
          fullPage: true,
        });
      }
      expect(pageErrors).toEqual([]);
      await context.close();
    }
  });
});
