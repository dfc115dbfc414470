import { Transform, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** How each compressed Content-Encoding a request body may have is undone; `identity` needs nothing. */
const decoders: Readonly<Record<string, () => Transform>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

export const ACCEPTED_ENCODINGS = 'gzip, deflate, br or identity';

const encodingOf = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header.join(',') : (header ?? 'identity')).trim().toLowerCase() || 'identity';

/** An error Fastify's body reader passes on to the exception filter, which knows the code. */
const bodyError = (code: string, message: string, statusCode: number) =>
  Object.assign(new Error(message), { code, statusCode });

/**
 * Request bodies may be compressed (a batch of 1,000 events shrinks about tenfold).
 * An unknown or stacked encoding is a 415 before anything is read; a body that
 * does not decode is a 400 naming content-encoding; the decoded size counts
 * against the body limit and decoding stops the moment it passes it, so a small
 * compressed body cannot expand without bound.
 */
export function registerRequestEncoding(fastify: FastifyInstance, bodyLimitBytes: number): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' && request.method !== 'PUT' && request.method !== 'PATCH') return;
    const encoding = encodingOf(request.headers['content-encoding']);
    if (encoding === 'identity' || Object.prototype.hasOwnProperty.call(decoders, encoding)) return;
    return reply.status(415).send({
      error: 'unsupported-media-type',
      message: `content-encoding: must be ${ACCEPTED_ENCODINGS} (got "${encoding}")`,
      issues: [{ path: 'content-encoding', rule: `must be ${ACCEPTED_ENCODINGS}` }],
    });
  });

  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = encodingOf(request.headers['content-encoding']);
    if (encoding === 'identity') return payload;
    const decoder = decoders[encoding]();
    let decoded = 0;
    const limited = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        decoded += chunk.length;
        if (decoded > bodyLimitBytes) {
          decoder.destroy();
          done(bodyError('FST_ERR_CTP_BODY_TOO_LARGE', 'Request body is too large', 413));
          return;
        }
        done(null, chunk);
      },
    }) as Transform & { receivedEncodedLength: number };
    // Fastify compares the encoded length with content-length and with the limit.
    limited.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      limited.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (error) => limited.destroy(error));
    // As in nesting-limit.ts: an error after Fastify stopped reading must not become an uncaught exception.
    limited.on('error', () => undefined);
    decoder.on('error', (error) =>
      limited.destroy(bodyError('HS_ERR_BODY_ENCODING', `body is not valid ${encoding}: ${error.message}`, 400)),
    );
    payload.pipe(decoder).pipe(limited);
    return limited as Readable as typeof payload;
  });
}
