import { Validator } from '@seriousme/openapi-schema-validator';
import { z } from 'zod';
import { eventRegistry, instantSchema, type EventType } from '@hindsight/contracts';
import { datasetRecipeSchema } from '@hindsight/datasets';
import { targetProfileSchema } from '@hindsight/quality-report';
import { retrainPolicySpecSchema, validatePolicySpec } from '@hindsight/scheduling';
import { klBudgetBodySchema } from '@hindsight/training';
import { signInBodySchema } from '../auth/session-input';
import { datasetRequestSchema } from '../datasets/dataset-request';
import { qualityReportRequestSchema } from '../quality/quality-input';
import { createQueueSchema, judgmentSchema, nextTaskQuerySchema, queueTaskSchema } from '../queues/queue-input';
import { READ_ROUTES } from '../reads/read-routes';
import { requestSchemas, responseSchemas } from './api-schemas';
import { buildOpenApiDocument } from './openapi-document';
import { operations, type BodySchema, type SchemaObject } from './operations';

type Json = Record<string, unknown>;

/** The served document: what JSON.stringify makes of it. */
const served = (): Json => JSON.parse(JSON.stringify(buildOpenApiDocument())) as Json;

/** Words that describe a schema and constrain nothing. */
const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'discriminator',
  'deprecated',
  '$schema',
  '$id',
]);

/**
 * A schema with every `$ref` replaced by what it points at (in `root`: the
 * document, or the schema itself for its `#/$defs`), and annotations dropped:
 * what is left are the rules.
 */
function rulesOf(schema: unknown, root: Json, depth = 0): unknown {
  if (depth > 60) throw new Error('rulesOf: too deep (a recursive schema?)');
  if (Array.isArray(schema)) return schema.map((s) => rulesOf(s, root, depth + 1));
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], root);
    if (target === undefined) throw new Error(`rulesOf: ${node.$ref} does not resolve`);
    return rulesOf(target, root, depth + 1);
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith('x-')) continue;
    // Under `properties`, keys are field names, not keywords: keep them all.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, rulesOf(v, root, depth + 1)]))
        : rulesOf(value, root, depth + 1);
  }
  return out;
}

/** The rules zod itself states for a schema, converted on its own (no registry, no document). */
function zodRules(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const json = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rulesOf(json, json);
}

/** Every place a rule of `expected` is missing from (or differs in) `actual`, as paths. */
function differences(expected: unknown, actual: unknown, at = ''): string[] {
  if (typeof expected !== 'object' || expected === null)
    return Object.is(expected, actual)
      ? []
      : [`${at || '/'}: ${JSON.stringify(expected)} in zod, ${JSON.stringify(actual)} in the document`];
  if (typeof actual !== 'object' || actual === null) return [`${at || '/'}: missing from the document`];
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].flatMap((k) => differences((expected as Json)[k], (actual as Json)[k], `${at}/${k}`));
}

function bodiesOfOperations(
  document: Json,
): { at: string; io: 'input' | 'output'; zod?: z.ZodType; inDocument: unknown }[] {
  const named = { ...requestSchemas(), ...responseSchemas() };
  const paths = document.paths as Record<string, Record<string, Json>>;
  const out: { at: string; io: 'input' | 'output'; zod?: z.ZodType; inDocument: unknown }[] = [];
  const zodOf = (schema: BodySchema): z.ZodType | undefined => {
    if (schema instanceof z.ZodType) return schema;
    const reference = (schema as SchemaObject).$ref;
    return typeof reference === 'string' ? named[reference.replace('#/components/schemas/', '')]?.schema : undefined;
  };
  for (const op of operations) {
    const inDoc = paths[op.path][op.method];
    if (op.request) {
      const content = (inDoc.requestBody as { content: Record<string, { schema: unknown }> }).content;
      out.push({
        at: `${op.method.toUpperCase()} ${op.path} request`,
        io: 'input',
        zod: zodOf(op.request.schema),
        inDocument: content[op.request.contentTypes?.[0] ?? 'application/json'].schema,
      });
    }
    for (const [status, spec] of Object.entries(op.responses)) {
      if (!spec.schema) continue;
      const content = (inDoc.responses as Record<string, { content: Record<string, { schema: unknown }> }>)[status]
        .content;
      out.push({
        at: `${op.method.toUpperCase()} ${op.path} ${status}`,
        io: 'output',
        zod: zodOf(spec.schema),
        inDocument: content[spec.contentType ?? 'application/json'].schema,
      });
    }
  }
  return out;
}

describe('the OpenAPI document against a real OpenAPI validator (@seriousme/openapi-schema-validator)', () => {
  it('is a valid OpenAPI 3.1 document, every $ref resolving', async () => {
    const document = served();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('the validator does fail: this document labelled 3.0 (numeric exclusiveMinimum, type arrays), a dangling $ref, a parameter without `in`', async () => {
    const asThirty = { ...served(), openapi: '3.0.3' };
    expect((await new Validator().validate(asThirty)).valid).toBe(false);
    const dangling = served();
    (dangling.paths as Record<string, Record<string, Json>>)['/v1/policies'].post.requestBody = {
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } },
    };
    expect((await new Validator().validate(dangling)).valid).toBe(false);
    const badParameter = served();
    (badParameter.paths as Record<string, Record<string, Json>>)['/v1/policies/{id}'].get.parameters = [
      { name: 'id', required: true, schema: { type: 'string' } },
    ];
    expect((await new Validator().validate(badParameter)).valid).toBe(false);
  });
});

describe('every zod rule is in the document', () => {
  const document = served();

  it('documents each request body with the very zod schema its route validates with', () => {
    const named = requestSchemas();
    expect(named.PolicyCreate.schema).toBe(retrainPolicySpecSchema);
    expect(named.QueueCreate.schema).toBe(createQueueSchema);
    expect(named.QueueTask.schema).toBe(queueTaskSchema);
    expect(named.Judgment.schema).toBe(judgmentSchema);
    expect(named.KlBudget.schema).toBe(klBudgetBodySchema);
    expect(named.DatasetRequest.schema).toBe(datasetRequestSchema);
    expect(named.QualityReportRequest.schema).toBe(qualityReportRequestSchema);
    expect(named.SignIn.schema).toBe(signInBodySchema);
    // … and those schemas hold the libs' own rules: the target profile, the dataset recipe, an instant.
    expect(qualityReportRequestSchema.shape.targetProfile.unwrap()).toBe(targetProfileSchema);
    expect(datasetRequestSchema.shape.recipe.unwrap()).toBe(datasetRecipeSchema);
    expect(datasetRequestSchema.shape.asOf).toBe(instantSchema);
    for (const type of Object.keys(eventRegistry) as EventType[]) {
      const entry = eventRegistry[type];
      expect({ type, same: named[type].schema === entry.schemas[entry.latestVersion].input }).toEqual({
        type,
        same: true,
      });
    }
  });

  it("states every rule of the zod schema of each operation's request and response bodies", () => {
    const bodies = bodiesOfOperations(document).filter((b) => b.zod !== undefined);
    expect(bodies.length).toBeGreaterThan(40);
    const problems = bodies.flatMap((b) =>
      differences(zodRules(b.zod!, b.io), rulesOf(b.inDocument, document)).map((d) => `${b.at}: ${d}`),
    );
    expect(problems).toEqual([]);
  });

  it('has a zod schema behind every JSON body (none written by hand), save the event resource bodies derived from their events', () => {
    const handWritten = bodiesOfOperations(document)
      .filter((b) => b.zod === undefined)
      .filter((b) => !JSON.stringify(b.inDocument).includes('.resource"'))
      .filter((b) => JSON.stringify(b.inDocument) !== '{"type":"string"}')
      .map((b) => b.at);
    // The two 400s that answer either the per-item result or the error body.
    expect(handWritten).toEqual(['POST /v1/events/batch 400', 'POST /v1/tasks 400']);
  });

  it('spot check: PolicyCreate has driftThreshold ≤ 1, minNewComparisons ≤ 2147483647, at most 50 objectives; KlBudget is > 0 as 3.1 says it', () => {
    const policy = (document.components as { schemas: Record<string, Json> }).schemas.PolicyCreate as {
      properties: Record<string, Json>;
    };
    const nonNull = (s: Json) => ((s.anyOf as Json[] | undefined) ?? [s]).find((x) => x.type !== 'null') as Json;
    expect(nonNull(policy.properties.driftThreshold)).toMatchObject({
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
    });
    expect(nonNull(policy.properties.minNewComparisons)).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 2147483647,
    });
    expect(policy.properties.objectives).toMatchObject({ type: 'array', minItems: 1, maxItems: 50 });
    const budget = (document.components as { schemas: Record<string, Json> }).schemas.KlBudget as {
      properties: Record<string, Json>;
    };
    expect(budget.properties.klBudget).toMatchObject({ type: 'number', exclusiveMinimum: 0, maximum: 1e12 });
  });

  it('the comparison fails when a rule is missing: driftThreshold without its maximum, an objectives list without its cap', () => {
    const policyOp = bodiesOfOperations(document).find((b) => b.at === 'POST /v1/policies request')!;
    const inDocument = rulesOf(policyOp.inDocument, document) as { properties: Record<string, Json> };
    const drift = (inDocument.properties.driftThreshold.anyOf as Json[])[0];
    delete drift.maximum;
    delete inDocument.properties.objectives.maxItems;
    expect(differences(zodRules(retrainPolicySpecSchema, 'input'), inDocument)).toEqual([
      '/properties/objectives/maxItems: 50 in zod, undefined in the document',
      '/properties/driftThreshold/anyOf/0/maximum: 1 in zod, undefined in the document',
    ]);
  });

  it('documents the query parameters of GET /v1/tasks/next from the zod schema that parses them', () => {
    const parameters = (document.paths as Record<string, Record<string, { parameters: Json[] }>>)['/v1/tasks/next'].get
      .parameters;
    const fields = Object.entries(nextTaskQuerySchema.shape);
    expect(parameters.map((p) => [p.name, p.required])).toEqual(
      fields.map(([name, field]) => [name, !field.safeParse(undefined).success]),
    );
    for (const [name, field] of fields)
      expect(
        differences(zodRules(field, 'input'), rulesOf(parameters.find((p) => p.name === name)!.schema, document)),
      ).toEqual([]);
  });

  it('gives request bodies examples that their validating zod schema accepts (the examples Try it out sends)', () => {
    const withExamples = Object.entries(requestSchemas()).filter(([, entry]) => entry.meta?.example !== undefined);
    expect(withExamples.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'PolicyCreate',
        'QueueCreate',
        'TaskEnqueue',
        'Judgment',
        'KlBudget',
        'DatasetRequest',
        'QualityReportRequest',
      ]),
    );
    const refused = withExamples
      .filter(([, entry]) => !entry.schema.safeParse(entry.meta!.example).success)
      .map(([name]) => name);
    expect(refused).toEqual([]);
    expect(validatePolicySpec(requestSchemas().PolicyCreate.meta!.example).name).toBe('quarterly-helpfulness');
  });

  it('lists every read route with its item schema', () => {
    for (const route of READ_ROUTES) {
      const body = bodiesOfOperations(document).find((b) => b.at === `GET ${route.path} 200`);
      expect({ path: route.path, documented: body !== undefined }).toEqual({ path: route.path, documented: true });
    }
  });
});
