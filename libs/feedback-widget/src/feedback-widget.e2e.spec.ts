import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadPlatformConfig } from '@hindsight/config';
import { topicName, topicOf } from '@hindsight/contracts';
import { createKafka } from '@hindsight/kafka';
import type { DataSource } from '@hindsight/store';
import {
  endOffsetTotal,
  openEventValues,
  readTopicUntil,
  startApiUnderTest,
  uniqueTenant,
  type ApiUnderTest,
} from '@hindsight/test-support';
import { apiService } from '@hindsight/api-service';
import { OUTBOX_STORAGE_KEY } from './browser/outbox';
import type { QueuedFeedback } from './browser/types';

const config = loadPlatformConfig();
const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'feedback-widget-e2e' });
const topic = topicName(config.kafka.topicPrefix, topicOf('feedback.recorded'));
const CHROMIUM = '/usr/bin/chromium';
// Each read of the topic joins a fresh consumer group (a few seconds on a busy broker).
jest.setTimeout(120_000);

interface StoredFeedback {
  readonly type: string;
  readonly tenant: string;
  readonly idempotencyKey: string;
  readonly data: {
    readonly interactionId: string;
    readonly kind: string;
    readonly comment?: string;
    readonly correctedResponse?: string;
  };
}

/**
 * Every feedback event of `tenant` on this run's topic, opened as the projector
 * opens them, read to the end offsets again until `ready` holds (other tests
 * share the topic, so counts are always taken within this test's own tenant).
 * `ready` must see opened events: `data` travels sealed with its interaction's key.
 */
async function feedbackOf(
  tenant: string,
  ready: (events: StoredFeedback[]) => boolean = () => true,
): Promise<StoredFeedback[]> {
  const mine = (messages: readonly { value: string }[]) =>
    messages
      .map((m) => JSON.parse(m.value) as StoredFeedback)
      .filter((e) => e.tenant === tenant && e.type === 'feedback.recorded');
  const deadline = Date.now() + 45_000;
  for (;;) {
    const end = await endOffsetTotal(kafka, topic);
    const messages = end === 0 ? [] : await readTopicUntil(kafka, topic, (ms) => ms.length >= end);
    const events = (await openEventValues(
      opening.dataSource!,
      mine(messages).map((e) => JSON.stringify(e)),
    )) as unknown as StoredFeedback[];
    if (ready(events)) return events;
    if (Date.now() > deadline)
      throw new Error(
        `feedbackOf: the awaited feedback of ${tenant} did not reach ${topic} within 45 s (${events.length} events seen)`,
      );
    await new Promise((r) => setTimeout(r, 500));
  }
}

const opening: { dataSource?: DataSource } = {};

const outbox = (page: Page) =>
  page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as QueuedFeedback[], OUTBOX_STORAGE_KEY);
const statusText = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

describe('feedback widget in Chromium, against the api and the real broker', () => {
  let api: ApiUnderTest;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let tenant: string;
  let key: string;
  let pageErrors: string[];

  beforeAll(async () => {
    // Chromium comes from Debian's package (.ci/run installs it): without it, say so at once rather than time out.
    if (!existsSync(CHROMIUM))
      throw new Error(`the browser tests need Debian's chromium at ${CHROMIUM}: apt-get install chromium`);
    api = await startApiUnderTest(apiService);
    opening.dataSource = api.running.context.dataSource;
    tenant = uniqueTenant('widget');
    key = (await api.issueKey({ tenant, scopes: ['feedback'], allowedOrigins: [api.url] })).key;
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
    await api?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  const openDemo = async (interactionId: string) => {
    await page.goto(
      `${api.url}/demo/feedback?key=${encodeURIComponent(key)}&interaction=${encodeURIComponent(interactionId)}`,
    );
    await page.getByRole('button', { name: 'Good answer' }).waitFor();
  };

  it('sends a thumbs-down with a correction as one feedback.recorded of kind correction', async () => {
    const interactionId = `int-${randomUUID()}`;
    await openDemo(interactionId);
    await page.getByRole('button', { name: 'Bad answer' }).click();
    await page.getByLabel('What was wrong? (optional)').fill('It suggests an O(n²) loop.');
    await page.getByLabel('Corrected answer (optional)').fill('Use slicing: s[::-1].');
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await statusText(page, 'Thanks, your feedback was sent.');
    expect(await outbox(page)).toEqual([]);

    const events = (await feedbackOf(tenant, (es) => es.some((e) => e.data.interactionId === interactionId))).filter(
      (e) => e.data.interactionId === interactionId,
    );
    expect(events.map((e) => e.data)).toEqual([
      {
        interactionId,
        kind: 'correction',
        comment: 'It suggests an O(n²) loop.',
        correctedResponse: 'Use slicing: s[::-1].',
      },
    ]);
    expect(events[0].idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('tells the site owner why the api refused a click (console warning with the status and issue), and unqueues it', async () => {
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(
      `${api.url}/demo/feedback?key=${encodeURIComponent('hsk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')}&interaction=int-refused`,
    );
    await page.getByRole('button', { name: 'Good answer' }).click();
    await statusText(page, 'Sorry, your feedback could not be recorded.');
    expect(await outbox(page)).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(/^Hindsight feedback: the api refused a click \(401\): authorization: /),
    ]);
  });

  it('queues a click while offline, keeps it off Kafka, and delivers it exactly once when back online', async () => {
    const interactionId = `int-${randomUUID()}`;
    await openDemo(interactionId);
    const before = await feedbackOf(tenant);

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Good answer' }).click();
    await statusText(page, 'Saved; your feedback will be sent when the connection is back.');
    const queued = await outbox(page);
    expect(queued.map((q) => ({ kind: q.body.kind, interactionId: q.body.interactionId }))).toEqual([
      { kind: 'thumbs-up', interactionId },
    ]);
    const clickKey = queued[0].body.idempotencyKey;
    expect(await feedbackOf(tenant)).toHaveLength(before.length);

    await context.setOffline(false);
    await statusText(page, 'Thanks, your feedback was sent.');
    expect(await outbox(page)).toEqual([]);
    const after = await feedbackOf(tenant, (es) => es.some((e) => e.idempotencyKey === clickKey));
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((e) => e.idempotencyKey === clickKey).map((e) => e.data)).toEqual([
      { interactionId, kind: 'thumbs-up' },
    ]);
  });

  it('is keyboard operable: Tab and Enter send a thumbs-up, then a thumbs-down with a comment, with a visible focus ring', async () => {
    const interactionId = `int-${randomUUID()}`;
    await openDemo(interactionId);
    const focused = () =>
      page.evaluate(() => ({
        label:
          document.activeElement?.getAttribute('aria-label') ??
          document.activeElement?.getAttribute('name') ??
          document.activeElement?.textContent,
        outline: getComputedStyle(document.activeElement as Element).outlineStyle,
      }));

    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ label: 'Good answer', outline: 'solid' });
    await page.keyboard.press('Enter');
    await statusText(page, 'Thanks, your feedback was sent.');

    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ label: 'Bad answer', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect((await focused()).label).toBe('comment');
    await page.keyboard.type('Too vague.');
    await page.keyboard.press('Tab');
    expect((await focused()).label).toBe('correctedResponse');
    await page.keyboard.press('Tab');
    expect((await focused()).label).toBe('Send feedback');
    await page.keyboard.press('Enter');

    const events = await feedbackOf(
      tenant,
      (es) => es.filter((e) => e.data.interactionId === interactionId).length >= 2,
    );
    expect(events.filter((e) => e.data.interactionId === interactionId).map((e) => e.data)).toEqual([
      { interactionId, kind: 'thumbs-up' },
      { interactionId, kind: 'thumbs-down', comment: 'Too vague.' },
    ]);
  });

  it('beacons queued feedback on pagehide with the key in the URL, and the next page load resends it as a replay, not a second event', async () => {
    const interactionId = `int-${randomUUID()}`;
    await openDemo(interactionId);
    // fetch fails (as on a flaky network) while beacons get through.
    await page.route('**/v1/feedback**', (route) =>
      route.request().resourceType() === 'fetch' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.getByRole('button', { name: 'Good answer' }).click();
    await statusText(page, 'Saved; your feedback will be sent when the connection is back.');
    const [queued] = await outbox(page);
    const clickKey = queued.body.idempotencyKey;

    const beaconSent = page.waitForRequest((r) => r.url().includes('/v1/feedback?key=') && r.method() === 'POST');
    await page.evaluate(() => dispatchEvent(new Event('pagehide')));
    const beaconRequest = await beaconSent;
    expect(beaconRequest.headers()['content-type']).toMatch(/^text\/plain/);
    expect(new URL(beaconRequest.url()).searchParams.get('key')).toBe(key);
    expect(JSON.parse(beaconRequest.postData() ?? '{}')).toEqual(queued.body);
    const delivered = await feedbackOf(tenant, (es) => es.some((e) => e.idempotencyKey === clickKey));
    expect(delivered.filter((e) => e.idempotencyKey === clickKey)).toHaveLength(1);
    // A beacon's answer is never seen, so the click stays queued.
    expect((await outbox(page)).map((q) => q.body.idempotencyKey)).toEqual([clickKey]);

    await page.unroute('**/v1/feedback**');
    const resend = page.waitForResponse((r) => r.url() === `${api.url}/v1/feedback` && r.request().method() === 'POST');
    await page.reload();
    const replay = await resend;
    expect(replay.status()).toBe(202);
    expect(replay.headers()['idempotent-replayed']).toBe('true');
    await page.waitForFunction((k) => (localStorage.getItem(k) ?? '[]') === '[]', OUTBOX_STORAGE_KEY);
    const afterReplay = await feedbackOf(tenant);
    expect(afterReplay.filter((e) => e.idempotencyKey === clickKey).map((e) => e.data)).toEqual([
      { interactionId, kind: 'thumbs-up' },
    ]);
  });
});
