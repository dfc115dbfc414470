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
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return [status, { error: 'validation', message: `url: ${error.code}`, issues: [{ path: 'url', rule: error.code }] }];
}
