import 'reflect-metadata';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DemoModule } from './demo.module';

/** The module alone on Fastify, exercised with inject(): no socket, no Kafka, no database. */
describe('DemoModule: the widget script and the demo page', () => {
  let app: NestFastifyApplication;
  const get = (url: string, headers: Record<string, string> = {}) => app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(DemoModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('serves the widget as JavaScript under 5 kB gzipped', async () => {
    const response = await get('/widget/hindsight-feedback.js');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(gzipSync(response.body).length).toBeLessThan(5120);
  });

  it('is one classic script that defines window.Hindsight.mount and nothing module-like', async () => {
    const code = (await get('/widget/hindsight-feedback.js')).body;
    expect(code).not.toMatch(/\bimport\s*[{("']|\bexport\s|\brequire\("(?!\.\/)/);
    const window: { Hindsight?: { mount?: unknown } } = {};
    runInNewContext(code, { window });
    expect(typeof window.Hindsight?.mount).toBe('function');
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
