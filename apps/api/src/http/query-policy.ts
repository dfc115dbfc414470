import type { FastifyInstance } from 'fastify';
import { checksQuery } from '../docs/openapi-document';
import type { OperationSpec } from '../docs/operations';

/** `GET /v1/models/:version` for the OpenAPI path `/v1/models/{version}`: how Fastify names the route. */
const routeKey = (method: string, openApiPath: string) =>
  `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`;

/** The query parameters each checked operation takes: those it declares, and `key` where a key may travel in the URL. */
export function allowedQueryParameters(operations: readonly OperationSpec[]): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(
    operations
      .filter(checksQuery)
      .map((op) => [
        routeKey(op.method, op.path),
        new Set([
          ...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          ...(op.keyInQuery ? ['key'] : []),
        ]),
      ]),
  );
}

/**
 * An unknown query parameter (or one given twice, or a NUL in a query or path
 * parameter) is a 400 naming it, on every route with a key
 * and every public route that takes parameters (not /health, /ready, /docs):
 * a misspelt filter (`?objectve=`) silently ignored would answer the wrong
 * question. The documented operations are the list of what each route takes,
 * so the docs and the behaviour cannot drift apart.
 */
export function registerQueryPolicy(fastify: FastifyInstance, operations: readonly OperationSpec[]): void {
  const allowed = allowedQueryParameters(operations);
  fastify.addHook('onRequest', async (request, reply) => {
    const names = allowed.get(`${request.method} ${request.routeOptions.url ?? ''}`);
    if (names === undefined) return;
    const issues = queryIssues(
      (request.query ?? {}) as Record<string, unknown>,
      (request.params ?? {}) as Record<string, unknown>,
      names,
    );
    if (issues.length === 0) return;
    return reply
      .status(400)
      .send({ error: 'validation', message: issues.map((i) => `${i.path}: ${i.rule}`).join('; '), issues });
  });
}

/**
 * What is wrong with a request's query and path parameters: unknown names, a
 * parameter given twice (it would arrive as an array), and the NUL character,
 * which PostgreSQL text cannot hold (a 500 from the database otherwise).
 */
export function queryIssues(
  query: Readonly<Record<string, unknown>>,
  params: Readonly<Record<string, unknown>>,
  allowed: ReadonlySet<string>,
): { path: string; rule: string }[] {
  const issues: { path: string; rule: string }[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.has(name)) issues.push({ path: name, rule: 'unknown query parameter' });
    else if (typeof value !== 'string') issues.push({ path: name, rule: 'must be given once' });
    else if (value.includes('\u0000')) issues.push({ path: name, rule: 'must not contain the NUL character (U+0000)' });
  }
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'string' && value.includes('\u0000'))
      issues.push({ path: name, rule: 'must not contain the NUL character (U+0000)' });
  }
  return issues;
}
