import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { operations } from './operations';

const CHROMIUM = '/usr/bin/chromium';
jest.setTimeout(180_000);

/** `GET /v1/policies`: the method and path of each operation Swagger UI shows. */
async function listedOperations(page: Page): Promise<string[]> {
  return page
    .locator('.opblock')
    .evaluateAll((blocks) =>
      blocks.map(
        (b) =>
          `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? ''}`,
      ),
    );
}

/** Opens one operation (once), fills the request body (when given), executes it and answers the status Swagger UI shows. */
async function tryOut(page: Page, method: string, path: string, body?: string): Promise<string> {
  const block = page
    .locator(`.opblock-${method}`)
    .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  if (!(await block.evaluate((b) => b.classList.contains('is-open'))))
    await block.locator('.opblock-summary-control').click();
  const tryButton = block.locator('button.try-out__btn');
  if ((await tryButton.textContent())?.trim() === 'Try it out') await tryButton.click();
  if (body !== undefined) await block.locator('textarea.body-param__text').fill(body);
  // The answer of an earlier run stays on screen until cleared: clear it, so the status read is this run's.
  const clear = block.locator('button.btn-clear');
  if ((await clear.count()) > 0) await clear.click();
  await block.locator('.live-responses-table').waitFor({ state: 'detached' });
  await block.locator('button.execute').click();
  const status = block.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  return (await status.textContent())?.trim() ?? '';
}

describe('/docs in Chromium: Swagger UI over the generated document, offline, trying requests against the api', () => {
  let api: ApiUnderTest;
  let browser: Browser;
  let page: Page;
  let key: string;
  const foreign: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`docs e2e: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    api = await startApiUnderTest(apiService);
    key = (await api.issueKey({ scopes: ['read', 'admin'] })).key;
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await (await browser.newContext()).newPage();
    const origin = new URL(api.url).origin;
    // Offline: anything not from the api itself is refused, and remembered.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${api.url}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  it('lists every documented operation, and nothing else', async () => {
    const listed = await listedOperations(page);
    expect([...listed].sort()).toEqual(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort());
    await page.getByText('Hindsight API', { exact: false }).first().waitFor();
  });

  it('loads nothing from another origin, and raises no script error', () => {
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('sends the key the way the api takes it (X-Api-Key) and runs the documented examples against the api', async () => {
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    const headerKey = dialog.locator('.auth-container').filter({ hasText: 'X-Api-Key' });
    await headerKey.locator('input').fill(key);
    await headerKey.getByRole('button', { name: 'Apply credentials' }).click();
    await headerKey.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await dialog.locator('button.close-modal').click();
    // The example body of PolicyCreate, as the page fills it in, creates a policy: 201.
    expect(await tryOut(page, 'post', '/v1/policies')).toBe('201');
    expect(await tryOut(page, 'get', '/v1/policies')).toBe('200');
    // A rule of the zod schema the document was generated from, broken on purpose: the api answers 400.
    expect(
      await tryOut(
        page,
        'post',
        '/v1/policies',
        JSON.stringify({
          name: 'too-drifty',
          cadence: 'monthly',
          objectives: ['helpfulness'],
          recipe: { id: 'default-pairs', version: 1 },
          driftThreshold: 1.5,
        }),
      ),
    ).toBe('400');
    const listed = (await (await fetch(`${api.url}/v1/policies`, { headers: { 'x-api-key': key } })).json()) as {
      policies: { name: string }[];
    };
    expect(listed.policies.map((p) => p.name)).toEqual(['quarterly-helpfulness']);
  });
});
