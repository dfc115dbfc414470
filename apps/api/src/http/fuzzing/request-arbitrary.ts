import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { exampleEventInputs, type EventType } from '@hindsight/contracts';
import { draftText, malformedText, mutation, type DraftBody } from './body-mutations';
import { resolve, valueOf, type JsonSchema, type SchemaContext } from './schema-arbitrary';

/** One operation of the served OpenAPI document, as the fuzzer needs it. */
export interface FuzzedRoute {
  readonly method: string;
  /** OpenAPI path template: `/v1/policies/{id}`. */
  readonly path: string;
  readonly pathParameters: readonly string[];
  readonly queryParameters: readonly {
    readonly name: string;
    readonly required: boolean;
    readonly schema: JsonSchema;
  }[];
  readonly bodySchema?: JsonSchema;
  /** The event type a resource route (`POST /v1/comparisons`) records. */
  readonly resourceType?: EventType;
}

export interface FuzzRequest {
  readonly method: string;
  /** Path and query string, as sent (already encoded, sometimes malformed on purpose). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body as the server decodes it (before any content-encoding); undefined: no body. */
  readonly text?: string;
  /** The bytes on the wire. */
  readonly bytes?: Uint8Array;
  /** How many times the request is sent at once (retries racing each other). */
  readonly copies: number;
}

/** The OpenAPI operations of a served document, `$ref` parameters resolved. */
export function routesOf(document: Record<string, unknown>): FuzzedRoute[] {
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const components = document.components as { parameters?: Record<string, Record<string, unknown>> };
  const routes: FuzzedRoute[] = [];
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = ((op.parameters ?? []) as Record<string, unknown>[]).map((p) =>
        typeof p.$ref === 'string' ? (components.parameters ?? {})[p.$ref.replace('#/components/parameters/', '')] : p,
      );
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      const bodySchema = content?.['application/json']?.schema;
      const ref = typeof bodySchema?.$ref === 'string' ? bodySchema.$ref : '';
      const resource = /\/([^/]+)\.resource$/.exec(ref);
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParameters: parameters.filter((p) => p.in === 'path').map((p) => p.name as string),
        queryParameters: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name as string, required: p.required === true, schema: p.schema as JsonSchema })),
        bodySchema,
        resourceType: resource ? (resource[1] as EventType) : undefined,
      });
    }
  }
  return routes;
}

/** Example events as a client sends them: without references to queues and assignments this tenant does not have. */
function exampleInput(type: EventType, idempotencyKey: string | undefined): Record<string, unknown> {
  const input = structuredClone(exampleEventInputs[type]) as unknown as Record<string, unknown>;
  const data = input.data as Record<string, unknown>;
  delete data.assignmentId;
  delete data.queueId;
  if (idempotencyKey === undefined) delete input.idempotencyKey;
  else input.idempotencyKey = idempotencyKey;
  return input;
}

/** `arbitrary` once in `oneIn` cases, null otherwise (fc.option's freq counts the other way). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Fresh keys mostly; a small shared pool so that replays and conflicting reuses happen too. */
const idempotencyKeyValue = fc.oneof(
  { weight: 6, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
  { weight: 2, arbitrary: fc.constantFrom('fuzz-shared-1', 'fuzz-shared-2') },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const eventType = fc.constantFrom(...(Object.keys(exampleEventInputs) as EventType[]));

const eventBase = fc.tuple(eventType, idempotencyKeyValue).map(([type, key]) => exampleInput(type, key));

function resourceBase(type: EventType): fc.Arbitrary<unknown> {
  return idempotencyKeyValue.map((key) => {
    const { data, type: _type, ...envelope } = exampleInput(type, key);
    return { ...(data as Record<string, unknown>), ...envelope };
  });
}

const batchBase: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.array(eventBase, { minLength: 0, maxLength: 6 }).map((events) => ({ events })) },
  // At and beyond the 1,000-event limit.
  {
    weight: 1,
    arbitrary: fc.constantFrom(1_000, 1_001).chain((n) =>
      fc.uuid().map((u) => ({
        events: Array.from({ length: n }, (_, i) => exampleInput('comparison.recorded', `fuzz-${u}-${i}`)),
      })),
    ),
  },
);

/** The documented example mostly (it passes validation, so the mutations reach deeper code), else a value of the schema. */
function schemaBody(schema: JsonSchema, context: SchemaContext): fc.Arbitrary<unknown> {
  const example = resolve(schema, context).example;
  const generated = valueOf(schema, context);
  if (example === undefined) return generated;
  // A fresh name half the time: names are unique per tenant (policies), and a taken one stops at the 409.
  const named =
    isObject(example) && typeof example.name === 'string'
      ? fc.uuid().map((u) => ({ ...example, name: `${String(example.name)}-${u.slice(0, 8)}` }))
      : fc.constant(example);
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(example) },
    { weight: 1, arbitrary: named },
    { weight: 1, arbitrary: generated },
  );
}

function baseBody(route: FuzzedRoute, context: FuzzContext): fc.Arbitrary<unknown> {
  if (route.path === '/v1/tasks') {
    // Mostly into a queue that exists, so that enqueueing itself is exercised and not only the 404.
    return fc
      .tuple(schemaBody(route.bodySchema ?? {}, context), fc.nat(2))
      .map(([body, n]) => (isObject(body) && n > 0 ? { ...body, queueId: context.queueId } : body));
  }
  if (route.path === '/v1/events')
    return fc.oneof(
      { weight: 3, arbitrary: eventBase },
      { weight: 1, arbitrary: valueOf(route.bodySchema ?? {}, context) },
    );
  if (route.path === '/v1/events/batch') return batchBase;
  if (route.resourceType !== undefined)
    return fc.oneof(
      { weight: 3, arbitrary: resourceBase(route.resourceType) },
      { weight: 1, arbitrary: valueOf(route.bodySchema ?? {}, context) },
    );
  return schemaBody(route.bodySchema ?? {}, context);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The document's schemas and the ids of records the fuzzing tenant has, so that path and query parameters sometimes find them. */
export interface FuzzContext extends SchemaContext {
  readonly queueId: string;
  readonly knownIds: readonly string[];
}

/** The body text: mostly a valid shape with zero to three mutations, sometimes any JSON, sometimes not JSON at all. */
function bodyText(route: FuzzedRoute, context: FuzzContext): fc.Arbitrary<string> {
  const mutations = fc.oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
  );
  const mutated = fc.tuple(baseBody(route, context), mutations).map(([value, mutations]) => {
    // Mutations work in place: never on a value fast-check may hand out again.
    const draft: DraftBody = { value: structuredClone(value), raw: [] };
    for (const m of mutations) m(draft);
    return draftText(draft);
  });
  return fc.oneof(
    { weight: 12, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: malformedText },
  );
}

/** Bytes that are not valid UTF-8 (a lone surrogate in CESU-8, overlong forms, stray continuation bytes). */
const invalidUtf8 = fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]);

type Encoding = { readonly header?: string; readonly encode: (bytes: Buffer) => Buffer };
const encodings: fc.Arbitrary<Encoding> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Encoding>({ encode: (b) => b }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Encoding>(
      { header: 'gzip', encode: (b) => gzipSync(b) },
      { header: 'deflate', encode: (b) => deflateSync(b) },
      { header: 'br', encode: (b) => brotliCompressSync(b) },
      { header: 'identity', encode: (b) => b },
    ),
  },
  // Headers that lie, or name what the api does not take.
  {
    weight: 1,
    arbitrary: fc.constantFrom<Encoding>(
      { header: 'gzip', encode: (b) => b },
      { header: 'br', encode: (b) => gzipSync(b) },
      { header: 'zstd', encode: (b) => b },
      { header: 'gzip, gzip', encode: (b) => gzipSync(gzipSync(b)) },
      { header: 'GZIP', encode: (b) => gzipSync(b) },
      { header: '', encode: (b) => b },
      { header: 'gzip', encode: (b) => gzipSync(b).subarray(0, 12) },
    ),
  },
);

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant<string | undefined>('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom<string | undefined>(
      undefined,
      '',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16',
      'application/json;;',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'text/json',
      '*/*',
    ),
  },
);

/** Header values fetch can carry (visible Latin-1), including ones no key or idempotency key looks like. */
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom('', 'k'.repeat(257), 'k'.repeat(10_000), 'é', 'a b', '"quoted"'),
);

function authorization(key: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(`Bearer ${key}`) },
    {
      weight: 3,
      arbitrary: fc.oneof(
        fc.constantFrom(
          undefined,
          '',
          'Bearer',
          'Bearer ',
          `bearer ${key}`,
          `Bearer  ${key}`,
          `Bearer ${key} `,
          `Bearer ${key}x`,
          `Bearer ${key.slice(0, -1)}`,
          `Basic ${Buffer.from(`x:${key}`).toString('base64')}`,
          `Token ${key}`,
          `Bearer ${key}, Bearer ${key}`,
        ),
        headerValue.map((v) => `Bearer ${v}`),
      ),
    },
  );
}

/** Percent-encodes any string; lone surrogates (which encodeURIComponent refuses) go as the CESU-8 bytes of U+D800. */
const percentEncode = (value: string) =>
  value
    .split(/([\ud800-\udfff])/u)
    .map((part) => (/^[\ud800-\udfff]$/.test(part) ? '%ED%A0%80' : encodeURIComponent(part)))
    .join('');

/** A path parameter: plausible ids mostly, then encodings and lengths that have broken routers and databases. */
const pathSegment = (knownIds: readonly string[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...knownIds) },
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '%00',
        'a%00b',
        '%zz',
        '%',
        '%E0%A4%A',
        '%ED%A0%80',
        '%C0%AF',
        '..',
        '.',
        '%2F',
        'a%2Fb',
        '%20',
        'x'.repeat(5_000),
        '%F0%9F%98%80',
        percentEncode('\ud800'),
      ),
    },
  );

const rawQueryValueOf = (knownIds: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...knownIds),
    fc.string({ unit: 'binary', maxLength: 30 }).map(percentEncode),
    fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => encodeURIComponent(d.toISOString())),
    fc.integer().map(String),
    fc.constantFrom(
      '',
      '%00',
      '%zz',
      '%',
      '%ED%A0%80',
      '1e400',
      '-1',
      '0',
      '1001',
      'NaN',
      '2026-12-06',
      '2026-12-06T00:00:00%2B01:00',
      '2026-12-06T00:00:00+01:00',
      'x'.repeat(5_000),
    ),
  );

function queryString(route: FuzzedRoute, context: FuzzContext): fc.Arbitrary<string> {
  const rawQueryValue = rawQueryValueOf(context.knownIds);
  const known = route.queryParameters.map((p) => {
    const schema = resolve(p.schema, context);
    // Plain string parameters are ids (queue, rater, model version): known ones find records.
    const plausible =
      schema.type === 'string' && schema.format === undefined
        ? fc.oneof(fc.constantFrom(...context.knownIds), valueOf(schema, context))
        : valueOf(schema, context);
    return fc.oneof(
      { weight: p.required ? 1 : 4, arbitrary: fc.constant(null) },
      { weight: 8, arbitrary: plausible.map((v) => `${p.name}=${percentEncode(String(v))}`) },
      { weight: 2, arbitrary: rawQueryValue.map((v) => `${p.name}=${v}`) },
      { weight: 1, arbitrary: fc.constant(p.name) },
      // Given twice.
      { weight: 1, arbitrary: rawQueryValue.map((v) => `${p.name}=${v}&${p.name}=${v}`) },
      { weight: 1, arbitrary: rawQueryValue.map((v) => `${p.name}[]=${v}`) },
    );
  });
  const unknown = fc.oneof(
    fc.tuple(fc.stringMatching(/^[a-z]{1,10}$/), rawQueryValue).map(([name, value]) => `${name}=${value}`),
    fc.constantFrom(
      '&',
      '&&',
      '=',
      '==',
      'a=b=c',
      '%=%',
      '__proto__[x]=1',
      'constructor=1',
      '%00=1',
      'key=',
      'key[]=x',
    ),
  );
  return fc
    .tuple(
      fc.tuple(...known),
      fc.array(unknown, { maxLength: 2 }),
      fc.nat(5).map((n) => n === 0),
    )
    .map(([chosen, extra, withExtra]) => {
      const parts = [...chosen.filter((part): part is string => part !== null), ...(withExtra ? extra : [])];
      return parts.length === 0 ? '' : `?${parts.join('&')}`;
    });
}

/** Requests for one route of the document: its own method, with fuzzed path, query, headers and body. */
export function requestArbitrary(route: FuzzedRoute, context: FuzzContext, key: string): fc.Arbitrary<FuzzRequest> {
  const takesBody = route.bodySchema !== undefined;
  const segments = fc.tuple(...route.pathParameters.map(() => pathSegment(context.knownIds)));
  const body = takesBody
    ? fc
        .tuple(bodyText(route, context), rarely(fc.tuple(fc.nat(), invalidUtf8), 12), encodings, contentType)
        .map(([text, corruption, encoding, type]) => {
          let decoded = Buffer.from(text, 'utf8');
          if (corruption !== null) {
            const at = corruption[0] % (decoded.length + 1);
            decoded = Buffer.concat([decoded.subarray(0, at), Buffer.from(corruption[1]), decoded.subarray(at)]);
          }
          return { text: decoded.toString('utf8'), bytes: encoding.encode(decoded), encoding: encoding.header, type };
        })
    : fc.constant(undefined);
  return fc
    .record({
      segments: route.pathParameters.length === 0 ? fc.constant([] as string[]) : segments,
      query: queryString(route, context),
      body,
      authorization: authorization(key),
      idempotencyKey: rarely(headerValue, 4),
      origin: rarely(
        fc.oneof(
          fc.constantFrom('https://example.com', 'null', 'http://localhost:3000', 'https://évil.example', 'file://'),
          headerValue,
        ),
        8,
      ),
      apiKeyHeader: rarely(fc.oneof(fc.constant(key), headerValue), 10),
      preflight: fc.nat(15).map((n) => n === 0),
      keyInQuery: fc.nat(11).map((n) => n === 0),
      copies: fc.oneof(
        { weight: 7, arbitrary: fc.constant(1) },
        { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) },
      ),
    })
    .map(
      ({
        segments: values,
        query,
        body: b,
        authorization: auth,
        idempotencyKey,
        origin,
        apiKeyHeader,
        preflight,
        keyInQuery,
        copies,
      }) => {
        let path = route.path;
        route.pathParameters.forEach((name, i) => {
          path = path.replace(`{${name}}`, values[i]);
        });
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
        if (b?.type !== undefined) headers['content-type'] = b.type;
        if (b?.encoding !== undefined) headers['content-encoding'] = b.encoding;
        if (origin !== null) headers.origin = origin;
        if (apiKeyHeader !== null) headers['x-api-key'] = apiKeyHeader;
        // The key in the URL, as the feedback widget may send it (and every other route must refuse or ignore safely).
        const url = `${path}${query}${keyInQuery ? `${query === '' ? '?' : '&'}key=${encodeURIComponent(key)}` : ''}`;
        if (preflight) {
          // A CORS preflight of the route: no key, no body.
          const request: FuzzRequest = {
            method: 'OPTIONS',
            url,
            headers: { origin: origin ?? 'https://example.com', 'access-control-request-method': route.method },
            copies: 1,
          };
          return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
        }
        const request: FuzzRequest = { method: route.method, url, headers, text: b?.text, bytes: b?.bytes, copies };
        return Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) });
      },
    );
}

/** What fast-check prints for a counterexample: long bodies cut, so the seed and the shape stay readable. */
export function describeRequest(request: FuzzRequest): string {
  const text =
    request.text === undefined
      ? ''
      : request.text.length > 600
        ? `${JSON.stringify(request.text.slice(0, 600))}… (${request.text.length} chars)`
        : JSON.stringify(request.text);
  return `${request.copies > 1 ? `${request.copies}× at once: ` : ''}${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url} ${JSON.stringify(request.headers, (_k, v: unknown) => (typeof v === 'string' && v.length > 100 ? `${v.slice(0, 100)}…` : v))} ${text}`;
}
