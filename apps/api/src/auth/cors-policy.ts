import type { FastifyInstance } from 'fastify';
import type { ApiKeys } from '@hindsight/access';

/**
 * CORS per tenant: an origin is allowed when a live key lists it. A preflight
 * carries no key, so it is answered from the origin alone; the real request is
 * then checked against its own key's origins by the guard.
 */
export function registerCorsPolicy(fastify: FastifyInstance, apiKeys: ApiKeys): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    const allowed = await apiKeys.originAllowedForAnyKey(origin);
    if (request.method === 'OPTIONS') {
      if (!allowed)
        return reply.status(403).send({
          error: 'forbidden',
          message: `origin ${origin} is not allowed`,
          issues: [{ path: 'origin', rule: 'not allowed by any key' }],
        });
      return reply
        .status(204)
        .header('access-control-allow-origin', origin)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type, idempotency-key, x-api-key')
        .header('access-control-max-age', '600')
        .header('vary', 'Origin')
        .send();
    }
    // The widget reads Retry-After to back off and Idempotent-Replayed to tell a replay from a first write.
    if (allowed)
      void reply
        .header('access-control-allow-origin', origin)
        .header('access-control-expose-headers', 'retry-after, idempotent-replayed, idempotency-unchecked')
        .header('vary', 'Origin');
  });
}
