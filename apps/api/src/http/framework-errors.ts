import type { FastifyError } from 'fastify';
import type { ErrorBody } from './error-body';

/**
 * Fastify answers some requests before any route, hook or Nest filter runs: a
 * path whose percent-encoding does not decode (`/v1/runs/%E0%A4%A`) is refused
 * by the router itself, with Fastify's own body. This gives those answers the
 * api's error body, naming the URL as the field at fault (found by the route fuzzer):
 * `frameworkErrors` in the api's Fastify options sends what this returns.
 */
export function describeFrameworkError(error: FastifyError): [number, ErrorBody] {
  if (error.code === 'FST_ERR_BAD_URL') {
    const rule = 'must be a valid URL: every %XX escape must decode to UTF-8';
    return [400, { error: 'validation', message: `url: ${rule}`, issues: [{ path: 'url', rule }] }];
  }
  const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return [status, { error: 'validation', message: `request: ${error.message}`, issues: [{ path: '', rule: error.message }] }];
}
