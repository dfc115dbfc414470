import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { JSON_NESTING_RULE, JsonNestingGauge } from '@hindsight/contracts';

export const BODY_TOO_DEEP_CODE = 'HS_ERR_BODY_TOO_DEEP';

const hasBody = (headers: Record<string, string | string[] | undefined>) =>
  (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
  headers['transfer-encoding'] !== undefined;

/**
 * Every request body is measured for nesting as it streams in, after any
 * Content-Encoding is undone and before any parser sees it: a body nested deeper
 * than MAX_JSON_NESTING_DEPTH is a 400 the moment the bracket that goes too deep
 * arrives, without reading the rest. Everything after parsing (the JSON parser's
 * prototype check, zod, the storable-string walk, JSON.stringify, the jsonb
 * encoder) then works on bounded depth. Register after the request decoding, whose
 * output this reads.
 */
export function registerNestingLimit(fastify: FastifyInstance): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!hasBody(request.headers)) return payload;
    const gauge = new JsonNestingGauge();
    const measured = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (gauge.feed(chunk)) done(null, chunk);
        else
          done(Object.assign(new Error(`body: ${JSON_NESTING_RULE}`), { code: BODY_TOO_DEEP_CODE, statusCode: 400 }));
      },
    });
    // Fastify checks content-length and the body limit against the encoded size the decoding stage counted.
    Object.defineProperty(measured, 'receivedEncodedLength', {
      get: () => (payload as { receivedEncodedLength?: number }).receivedEncodedLength,
    });
    payload.on('error', (error) => measured.destroy(error));
    // Fastify listens while it reads the body. An error after that (the client went away mid-body after the answer,
    // or Fastify never read it: a GET with a body) has nobody left to tell; unheard, it would be an uncaught exception.
    measured.on('error', () => undefined);
    payload.pipe(measured);
    return measured as Readable as typeof payload;
  });
}
