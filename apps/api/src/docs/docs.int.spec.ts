import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { RequestMethod, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { RouteOptions } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ServiceDefinition } from '@hindsight/runtime';
import { startApiUnderTest, type ApiUnderTest } from '@hindsight/test-support';
import { apiService } from '../api-service';
import { REQUIRED_SCOPES } from '../auth/auth.decorators';
import { requestSchemas, responseSchemas } from './api-schemas';
import { buildOpenApiDocument } from './openapi-document';
import { operations } from './operations';

/** Nest's `/v1/tasks/:taskId` in OpenAPI form: `/v1/tasks/{taskId}`. */
const toOpenApiPath = (path: string) => (path.replace(/\/+$/, '') || '/').replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const documented = new Set(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`));

interface NestRoute {
  readonly key: string;
  readonly scopes: string[];
  readonly httpCode?: number;
}

/** Every route Nest's controllers declare, with the scopes of `@RequireScopes` and the `@HttpCode`. */
function nestRoutes(app: NestFastifyApplication): NestRoute[] {
  const routes: NestRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) ?? ''].flat() as string[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const scopes = (Reflect.getMetadata(REQUIRED_SCOPES, handler) ??
          Reflect.getMetadata(REQUIRED_SCOPES, controller) ??
          []) as string[];
        const httpCode = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        for (const prefix of prefixes) {
          for (const path of [paths].flat()) {
            const full = `/${[prefix, path]
              .map((p) => p.replace(/^\/+|\/+$/g, ''))
              .filter(Boolean)
              .join('/')}`;
            routes.push({ key: `${method} ${toOpenApiPath(full)}`, scopes, httpCode });
          }
        }
      }
    }
  }
  return routes;
}

describe('the documented operations against the routes the api registers', () => {
  let api: ApiUnderTest;
  const registered: string[] = [];

  beforeAll(async () => {
    // Records every route Fastify registers, whoever registers it (Nest controllers or plain Fastify plugins).
    const recording: ServiceDefinition = {
      ...apiService,
      configure: async (app, context) => {
        app
          .getHttpAdapter()
          .getInstance()
          .addHook('onRoute', (route: RouteOptions) => {
            for (const method of [route.method].flat()) registered.push(`${method} ${toOpenApiPath(route.url)}`);
          });
        await apiService.configure?.(app, context);
      },
    };
    api = await startApiUnderTest(recording);
  });
  afterAll(() => api.close());

  it('documents every route Fastify serves, and serves every documented operation', () => {
    const served = new Set(registered.filter((r) => !r.startsWith('HEAD ') && !r.startsWith('OPTIONS ')));
    expect(served.size).toBeGreaterThan(5);
    const undocumented = [...served].filter((r) => !documented.has(r));
    // An entry is missing from apps/api/src/docs/operations.ts for each of these:
    expect(undocumented).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
  });

  it('documents the scopes and the success status each controller route declares', () => {
    const routes = nestRoutes(api.running.app);
    expect(routes.length).toBeGreaterThan(5);
    const problems = routes.flatMap((route) => {
      const op = operations.find((o) => `${o.method.toUpperCase()} ${o.path}` === route.key);
      if (!op) return [`${route.key}: not in apps/api/src/docs/operations.ts`];
      const found: string[] = [];
      if ([...op.scopes].sort().join(',') !== [...route.scopes].sort().join(','))
        found.push(`${route.key}: documented scopes [${op.scopes}] but the route requires [${route.scopes}]`);
      if (route.httpCode !== undefined && !(route.httpCode in op.responses))
        found.push(`${route.key}: answers ${route.httpCode}, which is not among the documented responses`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('serves the OpenAPI document, the page and its assets without a key', async () => {
    const json = await fetch(`${api.url}/docs/openapi.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
    const page = await fetch(`${api.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    const bundle = await fetch(`${api.url}/docs/assets/swagger-ui-bundle.js`);
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    const bytes = Buffer.from(await bundle.arrayBuffer());
    expect(bytes.equals(readFileSync(require.resolve('swagger-ui-dist/swagger-ui-bundle.js')))).toBe(true);
    const missing = await fetch(`${api.url}/docs/assets/index.html`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe('not-found');
  });

  it('answers bodies that parse with the zod response schemas the document is generated from', async () => {
    const schemas = responseSchemas();
    const { key } = await api.issueKey({ scopes: ['read', 'admin'] });
    const get = async (path: string) => (await fetch(`${api.url}${path}`, { headers: { 'x-api-key': key } })).json();
    const checks: [string, unknown][] = [
      ['Health', await get('/health')],
      ['Readiness', await get('/ready')],
      ['Policy', (await api.post('/v1/policies', requestSchemas().PolicyCreate.meta?.example, key)).body],
      ['PolicyList', await get('/v1/policies')],
      ['Queue', (await api.post('/v1/queues', requestSchemas().QueueCreate.meta?.example, key)).body],
      ['ErrorBody', (await api.post('/v1/policies', { name: 'x', driftThreshold: 2 }, key)).body],
      ['OpenApiDocument', await get('/docs/openapi.json')],
    ];
    const failures = checks.flatMap(([name, body]) => {
      const parsed = schemas[name].schema.safeParse(body);
      return parsed.success
        ? []
        : [`${name}: ${JSON.stringify(parsed.error.issues)} in ${JSON.stringify(body).slice(0, 300)}`];
    });
    expect(failures).toEqual([]);
    // The check can fail: a policy answer without its id does not parse.
    const { id: _id, ...withoutId } = checks[2][1] as Record<string, unknown>;
    expect(schemas.Policy.schema.safeParse(withoutId).success).toBe(false);
  });
});
