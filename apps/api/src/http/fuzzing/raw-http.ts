import { connect } from 'node:net';
import fc from 'fast-check';

/** An answer read off the socket: the first response only. */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Sends bytes as they are (fetch cannot send a NUL in a header, two
 * Content-Lengths or a broken chunk) and reads the first response; undefined
 * when the server closes without answering or says nothing within `timeoutMs`.
 */
export function sendRaw(url: string, bytes: Buffer, timeoutMs = 5_000): Promise<RawAnswer | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = Buffer.alloc(0);
    const finish = (answer: RawAnswer | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(parse(received)));
    socket.on('close', () => finish(parse(received)));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = parse(received, true);
      if (answer !== undefined) finish(answer);
    });
    socket.write(bytes);
  });
}

/** The first response in `bytes`; with `complete`, only once its whole body (by Content-Length) is there. */
function parse(bytes: Buffer, complete = false): RawAnswer | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const head = bytes.subarray(0, end).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  if (!Number.isInteger(status)) return undefined;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  const body = bytes.subarray(end + 4);
  if (complete && (length === undefined || body.length < Number(length))) return undefined;
  return { status, body: (length === undefined ? body : body.subarray(0, Number(length))).toString('utf8') };
}

/** Framing a client can get wrong: lengths, chunks and their combinations. */
type Framing = (body: Buffer) => { readonly headers: readonly string[]; readonly bytes: Buffer };
const framings: fc.Arbitrary<Framing> = fc.constantFrom<Framing>(
  (body) => ({ headers: [`Content-Length: ${body.length}`], bytes: body }),
  (body) => ({ headers: [`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`], bytes: body }),
  (body) => ({ headers: [`Content-Length: ${body.length}`, `Content-Length: ${body.length}`], bytes: body }),
  (body) => ({ headers: ['Content-Length: -1'], bytes: body }),
  (body) => ({ headers: ['Content-Length: 1e3'], bytes: body }),
  (body) => ({ headers: [`Content-Length: ${body.length}, ${body.length}`], bytes: body }),
  (body) => ({ headers: ['Content-Length: 99999999999999999999'], bytes: body }),
  // A Content-Length shorter than the body: the rest arrives as a second, garbage request on the same socket.
  (body) => ({ headers: [`Content-Length: ${Math.floor(body.length / 2)}`], bytes: body }),
  (body) => ({
    headers: ['Transfer-Encoding: chunked'],
    bytes: Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]),
  }),
  (body) => ({
    headers: ['Transfer-Encoding: chunked'],
    bytes: Buffer.concat([Buffer.from('zz\r\n'), body, Buffer.from('\r\n0\r\n\r\n')]),
  }),
  (body) => ({
    headers: ['Transfer-Encoding: chunked', `Content-Length: ${body.length}`],
    bytes: Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]),
  }),
  (body) => ({
    headers: ['Transfer-Encoding: gzip, chunked'],
    bytes: Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]),
  }),
  (body) => ({ headers: ['Transfer-Encoding: identity', `Content-Length: ${body.length}`], bytes: body }),
);

/** Header lines no well-behaved client sends. */
const hostileHeaderLines: fc.Arbitrary<readonly string[]> = fc.array(
  fc.constantFrom(
    'X-Nul: a\u0000b',
    'Authorization: Bearer a\u0000b',
    'Idempotency-Key: k\u0000',
    'Idempotency-Key: \u00e9\u00e8',
    'Bad Name: x',
    'X-Folded: a\r\n continued',
    ': empty-name',
    'Content-Type: application/json\u0000',
    `X-Long: ${'h'.repeat(20_000)}`,
    'Content-Type: text/plain',
    'Content-Encoding: gzip',
    'Expect: 100-continue',
    'Connection: upgrade',
    'Upgrade: websocket',
    'Host:',
  ),
  { maxLength: 3 },
);

/** A raw HTTP/1.1 request for `path` with broken framing or header lines. */
export function rawRequest(
  method: string,
  path: string,
  key: string,
  body: string,
): fc.Arbitrary<Buffer & { readonly [fc.toStringMethod]: () => string }> {
  return fc
    .tuple(
      fc.constantFrom(method, method, method.toLowerCase(), 'BREW', 'GET\u0000', 'CONNECT'),
      fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9'),
      framings,
      hostileHeaderLines,
    )
    .map(([verb, version, framing, extra]) => {
      const framed = framing(Buffer.from(body, 'utf8'));
      const head = [
        `${verb} ${path} ${version}`,
        'Host: 127.0.0.1',
        `Authorization: Bearer ${key}`,
        'Content-Type: application/json',
        'Connection: close',
        ...framed.headers,
        ...extra,
      ].join('\r\n');
      const bytes = Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), framed.bytes]);
      return Object.assign(bytes, {
        [fc.toStringMethod]: () =>
          JSON.stringify(`${head.slice(0, 600)}\r\n\r\n${framed.bytes.toString('latin1').slice(0, 200)}`),
      });
    });
}
