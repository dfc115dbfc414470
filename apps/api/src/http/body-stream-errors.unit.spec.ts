import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { registerNestingLimit } from './nesting-limit';
import { registerRequestEncoding } from './request-encoding';

type PreParsing = (request: unknown, reply: unknown, payload: Readable) => Promise<Readable>;

/** The preParsing hook a register function adds, taken from a stand-in for Fastify. */
function preParsingOf(register: (fastify: FastifyInstance) => void): PreParsing {
  let hook: PreParsing | undefined;
  register({
    addHook: (name: string, fn: PreParsing) => void (name === 'preParsing' ? (hook = fn) : undefined),
  } as unknown as FastifyInstance);
  return hook!;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/**
 * The raw fuzzer's "aborted" (found by route-fuzzing.int.spec.ts with FUZZ_SEED=99 FUZZ_RUNS=100): Node destroys a request
 * whose client went away mid-body with an "aborted" error. When Fastify no longer reads the body (it has answered,
 * or never reads it: a GET with a chunked body), the streams the api put between the request and Fastify had no
 * error listener left, and the error became an uncaught exception in the api's process.
 */
describe('request body streams when the client goes away mid-body after Fastify stopped reading', () => {
  const aborted = () => Object.assign(new Error('aborted'), { code: 'ECONNRESET' });

  it.each([
    ['the nesting gauge', preParsingOf(registerNestingLimit), { 'transfer-encoding': 'chunked' }],
    ['the gzip decoding', preParsingOf((f) => registerRequestEncoding(f, 1024)), { 'content-encoding': 'gzip' }],
  ])('%s raises nothing', async (_name, hook, headers) => {
    const payload = new PassThrough();
    const stream = await hook({ headers, method: 'POST' }, {}, payload);
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', listener);
    try {
      payload.write('{"half": ');
      payload.destroy(aborted());
      await settle();
    } finally {
      process.off('uncaughtException', listener);
    }
    expect(uncaught).toEqual([]);
    expect(stream.destroyed).toBe(true);
  });
});
