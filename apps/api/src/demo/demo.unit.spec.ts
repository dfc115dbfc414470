import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DemoModule } from './demo.module';

/** A web build as `npm run build` leaves it: the manifest naming the widget's script under assets/. */
function webBuildWithWidget(code: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-demo-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'widget-0123abcd.js'), code);
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      builtAt: '2026-12-06T00:00:00.000Z',
      sourceHash: 'x',
      entries: {},
      widget: { script: 'widget-0123abcd.js' },
    }),
  );
  return dir;
}

async function appServing(distDir: string): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(DemoModule.serving(distDir), new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The module alone on Fastify, exercised with inject(): no socket, no Kafka, no database. (The bundle itself: tools/web-build's widget spec.) */
describe('DemoModule: the widget script and the demo page', () => {
  const script = '(function(){window.Hindsight={mount:function(){}}})();';
  const distDir = webBuildWithWidget(script);
  let app: NestFastifyApplication;
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    app = await appServing(distDir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(distDir, { recursive: true, force: true });
  });

  it('serves the built widget script as JavaScript', async () => {
    const response = await get('/widget/hindsight-feedback.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.body).toBe(script);
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const first = await get('/widget/hindsight-feedback.js');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await get('/widget/hindsight-feedback.js', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get('/widget/hindsight-feedback.js', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('answers 503 naming WEB_DIST_DIR and npm run build when the web build has no widget', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hindsight-demo-empty-'));
    const unbuilt = await appServing(empty);
    try {
      const response = await unbuilt
        .getHttpAdapter()
        .getInstance()
        .inject({ method: 'GET', url: '/widget/hindsight-feedback.js' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ error: 'unavailable', issues: [{ path: 'WEB_DIST_DIR' }] });
      expect(response.json().message).toContain('npm run build');
    } finally {
      await unbuilt.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves the demo page with the key and interaction in data attributes, escaped', async () => {
    const response = await get('/demo/feedback?key=hsk_abc&interaction=int-7');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<div id="feedback" data-key="hsk_abc" data-interaction="int-7"></div>');
    expect(response.body).toContain('<script src="/widget/hindsight-feedback.js"></script>');
    const hostile = await get(`/demo/feedback?key=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(hostile.body).toContain('data-key="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(hostile.body).not.toContain('<script>alert(1)');
  });

  it('explains what is missing when no key is given', async () => {
    const response = await get('/demo/feedback');
    expect(response.body).toContain('Add <code>?key=&lt;browser key&gt;</code>');
    expect(response.body).not.toContain('data-key=');
  });
});
