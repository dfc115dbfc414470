import type { FastifyInstance } from 'fastify';

/**
 * Writes with a body take JSON only (Nest's Fastify adapter would otherwise parse form bodies).
 * The one exception is text/plain on /v1/feedback: navigator.sendBeacon can only
 * send CORS-safe content types, so the feedback widget sends its JSON as text/plain.
 */
export function registerJsonOnlyPolicy(fastify: FastifyInstance): void {
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(
        Object.assign(new Error('body is not valid JSON'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }),
        undefined,
      );
    }
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH') return;
    // A request without a body (pause, resume) has no content type to check; routes that need a body say so with a 400.
    const length = request.headers['content-length'];
    if ((length === undefined || length === '0') && request.headers['transfer-encoding'] === undefined) return;
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const beacon = type === 'text/plain' && request.url.split('?')[0] === '/v1/feedback';
    if (type === 'application/json' || beacon) return;
    return reply.status(415).send({
      error: 'unsupported-media-type',
      message: `content-type: must be application/json (got "${type || 'none'}")`,
      issues: [{ path: 'content-type', rule: 'must be application/json' }],
    });
  });
}
