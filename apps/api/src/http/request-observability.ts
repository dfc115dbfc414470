import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LATENCY_BUCKETS, type ServiceMetrics } from '@hindsight/runtime';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

export const REQUEST_ID_HEADER = 'x-request-id';

/** What a caller's `X-Request-Id` may be; anything else is replaced by a new id (a log line must not carry arbitrary bytes). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The route label of a request that matched no route: the raw URL would make one series per URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Fastify's `genReqId`: the caller's `X-Request-Id` when it is 1–128 characters of
 * `[A-Za-z0-9._:@/+=-]` (UUIDs, ULIDs, trace ids), else a new UUID.
 * @example requestIdOf({ headers: { 'x-request-id': 'abc-1' } }) // 'abc-1'
 */
export function requestIdOf(raw: Pick<IncomingMessage, 'headers'>): string {
  const presented = raw.headers[REQUEST_ID_HEADER];
  return typeof presented === 'string' && ACCEPTED_REQUEST_ID.test(presented) ? presented : randomUUID();
}

/**
 * One log line and two metrics per request, and the request id on every answer:
 * echoed in `X-Request-Id`, and as `requestId` in every error body. The log line
 * names the method, the route pattern, the status, the duration, the tenant (once
 * a key was verified) and the request id — never a header, a key, a cookie or a
 * body. Per request this costs a header, a status check and a log call; bodies
 * are not looked at, except an error body, which gets its id.
 * Registered first, so that the policies answering in their own hooks (CORS,
 * JSON only, query) answer with the id too.
 */
export function registerRequestObservability(fastify: FastifyInstance, logger: Logger, metrics: ServiceMetrics): void {
  const requests = metrics.counter({
    name: 'hindsight_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
  });
  const duration = metrics.histogram({
    name: 'hindsight_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its answer, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [...LATENCY_BUCKETS],
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook(
    'preSerialization',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void) => {
      done(null, reply.statusCode >= 400 ? withRequestId(payload, request.id) : payload);
    },
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    const status = reply.statusCode;
    const labels = { method: request.method, route, status: String(status) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    const tenant = (request as FastifyRequest & AuthenticatedRequest).principal?.tenant;
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        route,
        status,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        tenant,
      },
      'request',
    );
    done();
  });
}

/** An error body (`{ error, message, issues }`) with the request's id; any other payload unchanged. */
export function withRequestId(payload: unknown, requestId: string): unknown {
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload) ||
    typeof (payload as { error?: unknown }).error !== 'string'
  )
    return payload;
  return { ...payload, requestId };
}
