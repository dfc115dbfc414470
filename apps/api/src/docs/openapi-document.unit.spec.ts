import { eventRegistry, exampleEventInputs, validateEventInput, type EventType } from '@hindsight/contracts';
import { resourceBodyToEvent } from '../ingestion/resource-body';
import { buildOpenApiDocument, errorStatusesOf } from './openapi-document';
import { operations, ref, type OperationSpec, type SchemaObject } from './operations';
import { DOCS_CONTENT_SECURITY_POLICY, DOCS_PAGE, docsAsset } from './docs-page';

/** Every `$ref` string anywhere in `value`, with the JSON path where it occurs. */
function refsIn(value: unknown, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refsIn(v, `${at}/${k}`),
  );
}

function resolve(document: unknown, reference: string): unknown {
  if (!reference.startsWith('#/')) return undefined;
  return reference
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
      document,
    );
}

const eventTypes = Object.keys(eventRegistry) as EventType[];
const methods = ['get', 'post', 'put', 'patch', 'delete'];

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();
  const allOperations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ path, method, op })),
  );

  it('is OpenAPI 3.1 and JSON-serialisable without loss', () => {
    expect(document.openapi).toMatch(/^3\.1\.\d$/);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('resolves every $ref', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(20);
    const dangling = refs.filter((r) => resolve(document, r.ref) === undefined).map((r) => `${r.at}: ${r.ref}`);
    expect(dangling).toEqual([]);
  });

  it('the $ref checker itself catches a dangling reference', () => {
    const broken = {
      ...document,
      paths: { '/x': { get: { responses: { 200: { content: { 'application/json': { schema: ref('Nope') } } } } } } },
    };
    expect(
      refsIn(broken)
        .filter((r) => resolve(broken, r.ref) === undefined)
        .map((r) => r.ref),
    ).toEqual(['#/components/schemas/Nope']);
  });

  it('has one entry per declared operation, unique ids, and responses on every one with a 2xx', () => {
    expect(allOperations.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      operations.map((o) => `${o.method} ${o.path}`).sort(),
    );
    expect(new Set(allOperations.map(({ op }) => op.operationId)).size).toBe(allOperations.length);
    for (const { method, path, op } of allOperations) {
      expect({ at: `${method} ${path}`, methodKnown: methods.includes(method) }).toEqual({
        at: `${method} ${path}`,
        methodKnown: true,
      });
      const statuses = Object.keys(op.responses);
      expect({ at: `${method} ${path}`, has2xx: statuses.some((s) => /^2\d\d$/.test(s)) }).toEqual({
        at: `${method} ${path}`,
        has2xx: true,
      });
      for (const s of statuses) expect(s).toMatch(/^[1-5]\d\d$/);
    }
  });

  it('documents auth, the error statuses with the error body, and Retry-After on 429 and 503', () => {
    for (const { method, path, op } of allOperations) {
      const spec = operations.find((o) => o.method === method && o.path === path)!;
      if (spec.scopes.length > 0) {
        expect(op.security).toEqual([
          { bearerKey: [] },
          { headerKey: [] },
          ...(spec.keyInQuery ? [{ queryKey: [] }] : []),
        ]);
        for (const s of ['401', '403', '429']) expect(Object.keys(op.responses)).toContain(s);
      } else expect(op.security).toEqual([]);
      if (op.requestBody) for (const s of ['400', '413', '415']) expect(Object.keys(op.responses)).toContain(s);
    }
    const ingest = document.paths['/v1/events'].post;
    expect(Object.keys(ingest.responses).sort()).toEqual([
      '202',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '429',
      '503',
    ]);
    expect(ingest['x-scopes']).toEqual(['ingest', 'feedback', 'admin']);
    expect(document.paths['/v1/feedback'].post.security).toContainEqual({ queryKey: [] });
    expect(ingest.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(Object.keys(document.paths['/v1/events/batch'].post.responses)).toEqual(
      expect.arrayContaining(['202', '207', '400']),
    );
    const responses = document.components.responses as Record<
      string,
      { headers?: Record<string, unknown>; content: Record<string, { schema: SchemaObject }> }
    >;
    for (const [name, r] of Object.entries(responses)) {
      expect({ name, schema: r.content['application/json'].schema }).toEqual({ name, schema: ref('ErrorBody') });
      expect({ name, retryAfter: r.headers?.['Retry-After'] !== undefined }).toEqual({
        name,
        retryAfter: name === 'Error429' || name === 'Error503',
      });
    }
    expect((document.components.schemas.ErrorBody as { required: string[] }).required).toEqual([
      'error',
      'message',
      'issues',
    ]);
    expect(document.components.securitySchemes).toMatchObject({
      bearerKey: { type: 'http', scheme: 'bearer' },
      headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
    });
  });

  it('derives 400/401/403/429/503 from scopes (a 400 for an unknown query parameter; 503 without the database), 400/413/415 from a body, 400 from query parameters', () => {
    const op: OperationSpec = {
      method: 'post',
      path: '/x',
      operationId: 'x',
      tag: 't',
      summary: 's',
      scopes: ['read'],
      request: { schema: {}, description: '' },
      responses: { 200: { description: 'ok' } },
      errors: [404],
    };
    expect(errorStatusesOf(op)).toEqual([400, 401, 403, 404, 413, 415, 429, 503]);
    expect(errorStatusesOf({ ...op, request: undefined, errors: undefined })).toEqual([400, 401, 403, 429, 503]);
    expect(errorStatusesOf({ ...op, scopes: [], request: undefined, errors: undefined })).toEqual([]);
    const withQuery: OperationSpec = {
      ...op,
      scopes: [],
      request: undefined,
      errors: undefined,
      parameters: [{ name: 'q', in: 'query', required: false, description: 'q', schema: { type: 'string' } }],
    };
    expect(errorStatusesOf(withQuery)).toEqual([400]);
    expect(Object.keys(document.paths['/v1/quality/report'].get.responses)).toContain('400');
  });

  it('has a schema and an example for every event type, and each example passes validateEventInput', () => {
    for (const type of eventTypes) {
      const schema = document.components.schemas[type] as {
        properties?: { type?: { const?: string } };
        example?: unknown;
      };
      expect({ type, declaresType: schema?.properties?.type?.const }).toEqual({ type, declaresType: type });
      expect(schema.example).toEqual(exampleEventInputs[type]);
      expect(validateEventInput(schema.example).type).toBe(type);
    }
    const union = document.components.schemas.EventInput as { anyOf: SchemaObject[] };
    expect(union.anyOf).toEqual(eventTypes.map((t) => ref(t)));
  });

  it('gives every resource route a body whose example the route turns into a valid event', () => {
    const resourceRefs = operations
      .map((o) => (o.request?.schema as SchemaObject | undefined)?.$ref)
      .filter((r): r is string => typeof r === 'string' && r.endsWith('.resource'));
    expect(resourceRefs.length).toBe(6);
    for (const reference of resourceRefs) {
      const type = reference
        .split('/')
        .pop()!
        .replace(/\.resource$/, '') as EventType;
      const body = resolve(document, reference) as SchemaObject;
      expect(validateEventInput(resourceBodyToEvent(type, body.example), { types: [type] }).type).toBe(type);
    }
  });

  it('rejects an operation declared twice', () => {
    expect(() => buildOpenApiDocument([operations[0], operations[0]])).toThrow(/declared twice/);
  });
});

describe('the /docs page', () => {
  it('loads Swagger UI from the api itself: every script and stylesheet is a local asset the api has, nothing from another origin', () => {
    const urls = [...DOCS_PAGE.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/docs/assets/swagger-ui-bundle.js',
        '/docs/assets/swagger-ui.css',
        '/docs/assets/docs-init.js',
      ]),
    );
    for (const url of urls) expect(url).toMatch(/^\/docs\//);
    for (const url of urls.filter((u) => u.startsWith('/docs/assets/')))
      expect(docsAsset(url.replace('/docs/assets/', ''))?.length).toBeGreaterThan(0);
    expect(DOCS_PAGE).not.toMatch(/<script>(?!<)/);
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(DOCS_CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
  });

  it("points Swagger UI at this document and never at Swagger's online validator", () => {
    const init = docsAsset('docs-init.js')!.toString();
    expect(init).toContain("url: '/docs/openapi.json'");
    expect(init).toContain('validatorUrl: null');
  });

  it('serves only the listed files', () => {
    expect(docsAsset('../package.json')).toBeUndefined();
    expect(docsAsset('index.html')).toBeUndefined();
    expect(docsAsset('constructor')).toBeUndefined();
  });
});
