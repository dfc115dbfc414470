import type { FastifyInstance } from 'fastify';
import { checksQuery } from '../docs/openapi-document';
import type { OperationSpec } from '../docs/operations';

/** `GET /v1/models/:version` for the OpenAPI path `/v1/models/{version}`: how Fastify names the route. */
const routeKey = (method: string, openApiPath: string) => `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`;

/** The query parameters each checked operation takes: those it declares, and `key` where a key may travel in the URL. */
export function allowedQueryParameters(operations: readonly OperationSpec[]): ReadonlyMap<string, ReadonlySet<string>> {
  return new Map(
    operations.filter(checksQuery).map((op) => [
      routeKey(op.method, op.path),
      new Set([...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), ...(op.keyInQuery ? ['key'] : [])]),
    ]),
  );
}

/**
 * An unknown query parameter is a 400 naming it, on every route with a key
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
    const unknown = Object.keys((request.query ?? {}) as Record<string, unknown>).filter((name) => !names.has(name));
    if (unknown.length === 0) return;
    return reply.status(400).send({
      error: 'validation',
      message: unknown.map((name) => `${name}: unknown query parameter`).join('; '),
      issues: unknown.map((name) => ({ path: name, rule: 'unknown query parameter' })),
    });
  });
}
