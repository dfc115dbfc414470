import type { FastifyError } from 'fastify';
import { MAX_ID_CHARS } from '@hindsight/contracts';
import type { ErrorBody } from './error-body';

/**
 * Fastify answers some requests before any route, hook or Nest filter runs: a
 * path whose percent-encoding does not decode (`/v1/runs/%E0%A4%A`) or a path parameter
 * longer than `maxParamLength` is refused by the router itself, with Fastify's own body. This gives those answers the
 * api's error body, naming the URL as the field at fault (found by the route fuzzer):
 * `frameworkErrors` in the api's Fastify options sends what this returns.
 */
/**
 * Fastify's `maxParamLength` for the api. Its default (100) answered 414 for
 * ids the api itself accepts (up to MAX_ID_CHARS; model versions may need
 * percent-escapes, three characters each), so a run or model with a long id
 * could be written but never read.
 */
export const MAX_PATH_PARAMETER_CHARS = 3 * MAX_ID_CHARS;

export function describeFrameworkError(error: FastifyError): [number, ErrorBody] {
  if (error.code === 'FST_ERR_BAD_URL') {
    const rule = 'must be a valid URL: every %XX escape must decode to UTF-8';
    return [400, { error: 'validation', message: `url: ${rule}`, issues: [{ path: 'url', rule }] }];
  }
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    const rule = `every path parameter must be at most ${MAX_PATH_PARAMETER_CHARS} characters`;
    return [414, { error: 'uri-too-long', message: `url: ${rule}`, issues: [{ path: 'url', rule }] }];
  }
  // Fastify's other router errors (async constraints) carry no field; their message does not echo the URL.
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return [status, { error: 'validation', message: `url: ${error.code}`, issues: [{ path: 'url', rule: error.code }] }];
}

/** Which part of the request a Node HTTP parser error (`HPE_…`) is about. */
function partOf(code: string): string {
  if (code.includes('CONTENT_LENGTH')) return 'content-length';
  if (code.includes('TRANSFER_ENCODING') || code.includes('CHUNK')) return 'transfer-encoding';
  if (code.includes('METHOD')) return 'method';
  if (code.includes('VERSION')) return 'version';
  if (code.includes('URL')) return 'url';
  return 'headers';
}

/**
 * The answer to bytes Node's HTTP parser refuses before Fastify sees a request
 * (two Content-Lengths, a NUL in a header, a broken chunk, oversized headers):
 * Fastify's default answers `{"error":"Bad Request","message":"Client Error"}`,
 * which names nothing. The raw HTTP response, in the api's error body.
 */
export function clientErrorResponse(error: NodeJS.ErrnoException & { reason?: string }): string {
  const code = error.code ?? 'HPE_UNKNOWN';
  const [status, reason, body]: [number, string, ErrorBody] =
    code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [
          408,
          'Request Timeout',
          {
            error: 'timeout',
            message: 'request: not received in time',
            issues: [{ path: '', rule: 'must arrive within the request timeout' }],
          },
        ]
      : code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            {
              error: 'headers-too-large',
              message: 'headers: too large',
              issues: [{ path: 'headers', rule: 'must be at most 16 KiB together' }],
            },
          ]
        : [
            400,
            'Bad Request',
            {
              error: 'validation',
              message: `${partOf(code)}: not well-formed HTTP/1.1`,
              issues: [{ path: partOf(code), rule: `must be well-formed HTTP/1.1 (${error.reason ?? code})` }],
            },
          ];
  const json = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`;
}
