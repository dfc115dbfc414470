import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * `/docs`: Swagger UI (swagger-ui-dist), served from the api's own files, so the
 * page works offline and loads nothing from another origin. It renders
 * `/docs/openapi.json`; "Try it out" sends requests to this api (the document's
 * server is `/`), with the key given under "Authorize".
 */

/** The Swagger UI files the page loads, by the name it loads them under. */
export const DOCS_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'docs-init.js': 'text/javascript; charset=utf-8',
};

/** No inline script: the page's own start-up code is a file too. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Swagger UI's settings: the document of this api, no call to Swagger's online validator, filter by tag, deep links. */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/docs/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    filter: true,
    displayRequestDuration: true,
    persistAuthorization: true,
    validatorUrl: null,
    tryItOutEnabled: false,
  });
});
`;

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hindsight API</title>
<link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"><noscript>This page needs JavaScript; the OpenAPI document itself is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</noscript></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body>
</html>
`;

const distDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));

/** The bytes of one docs asset, or undefined for a name that is not one. Read once, kept. */
export function docsAsset(name: string): Buffer | undefined {
  if (!Object.hasOwn(DOCS_ASSETS, name)) return undefined;
  const cached = cache.get(name);
  if (cached) return cached;
  const body = name === 'docs-init.js' ? Buffer.from(INIT_SCRIPT) : readFileSync(join(distDir(), name));
  cache.set(name, body);
  return body;
}
const cache = new Map<string, Buffer>();
