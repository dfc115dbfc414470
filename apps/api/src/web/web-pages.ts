import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The pages the api serves, each its own bundle (tools/web-build writes them and `manifest.json`). */
export const WEB_PAGES = ['annotate', 'console'] as const;
type WebPage = (typeof WEB_PAGES)[number];

interface Manifest {
  readonly builtAt: string;
  readonly entries: Readonly<Record<WebPage, { readonly script: string; readonly style: string | null } | undefined>>;
}

const TITLES: Record<WebPage, string> = { annotate: 'Hindsight · Annotate', console: 'Hindsight · Console' };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

/** Scripts and styles from this origin only (no CDN); Plot sets style attributes on its SVG, hence 'unsafe-inline' for styles. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function readManifest(distDir: string): Manifest | undefined {
  const path = join(distDir, 'manifest.json');
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** The HTML shell of a page: its stylesheet, a mount point and its module script. */
export function pageShell(page: WebPage, entry: { script: string; style: string | null }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(TITLES[page])}</title>`,
    ...(entry.style ? [`<link rel="stylesheet" href="/assets/${escapeHtml(entry.style)}">`] : []),
    `<script type="module" src="/assets/${escapeHtml(entry.script)}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<noscript>This page needs JavaScript.</noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The page that says the bundles were not built, and how to build them. */
function notBuiltPage(distDir: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hindsight · pages not built</title></head><body><main>',
    '<h1>The web pages were not built</h1>',
    `<p>The api found no <code>${escapeHtml(join(distDir, 'manifest.json'))}</code>. Build the bundles with <code>npm run build:web</code> ` +
      '(<code>npm start</code> does it when they are missing or stale), then reload this page.</p>',
    '</main></body></html>',
    '',
  ].join('\n');
}

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
}

/**
 * Serves the browser pages: `GET /annotate`, `/annotate/*`, `/console`,
 * `/console/*` answer the page's HTML shell (the page routes itself), `GET
 * /assets/<file>` the bundles, content-hashed and so cached for a year. When
 * nothing was built, the pages answer 503 with how to build them.
 */
export function registerWebPages(fastify: FastifyInstance, distDirSetting: string): void {
  const distDir = resolve(distDirSetting);
  const assetsDir = join(distDir, 'assets');
  for (const page of WEB_PAGES) {
    const handler = async (_request: unknown, reply: FastifyReply) => {
      const entry = readManifest(distDir)?.entries[page];
      if (!entry) return pageHeaders(reply).status(503).send(notBuiltPage(distDir));
      return pageHeaders(reply).status(200).send(pageShell(page, entry));
    };
    fastify.get(`/${page}`, handler);
    fastify.get(`/${page}/*`, handler);
  }
  fastify.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
    const { file } = request.params;
    const type = CONTENT_TYPES[file.split('.').pop() ?? ''];
    // Only plain file names of the build: no path, no dot-files.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(file) || type === undefined) {
      return reply.status(404).send({
        error: 'not-found',
        message: `no asset ${file}`,
        issues: [{ path: 'file', rule: 'not a built asset' }],
      });
    }
    let body: Buffer;
    try {
      body = await readFile(join(assetsDir, file));
    } catch {
      return reply.status(404).send({
        error: 'not-found',
        message: `no asset ${file}: run npm run build:web`,
        issues: [{ path: 'file', rule: 'not a built asset' }],
      });
    }
    return reply
      .header('content-type', type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(body);
  });
}
