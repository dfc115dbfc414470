import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { errorCodes, type FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { HindsightError, JSON_NESTING_RULE, UnavailableError } from '@hindsight/contracts';
import { postgresUnavailableReason } from '@hindsight/store';
import { RateLimitedError } from '../auth/rate-limiter';
import { statusOfCode, type ErrorBody } from './error-body';
import { BODY_TOO_DEEP_CODE } from './nesting-limit';

/** Fastify's own errors for bodies it cannot take, in the same body shape. */
const fastifyErrors: Readonly<Record<string, { status: number; error: string; path: string; rule: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    error: 'payload-too-large',
    path: '',
    rule: 'body exceeds API_BODY_LIMIT_BYTES',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    error: 'unsupported-media-type',
    path: 'content-type',
    rule: 'must be application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    error: 'validation',
    path: 'content-length',
    rule: 'must match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, error: 'validation', path: '', rule: 'required: a JSON body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, error: 'validation', path: '', rule: 'must be valid JSON' },
  HS_ERR_BODY_ENCODING: {
    status: 400,
    error: 'validation',
    path: 'content-encoding',
    rule: 'the body must be compressed as the header says',
  },
  [BODY_TOO_DEEP_CODE]: { status: 400, error: 'validation', path: '', rule: JSON_NESTING_RULE },
};

/** Nest re-throws Fastify's body-parser errors as plain HttpExceptions, keeping only the message. */
const fastifyCodeByMessage = new Map(
  Object.keys(fastifyErrors)
    .filter((code) => code.startsWith('FST_'))
    .map((code) => [new (errorCodes as unknown as Record<string, new () => Error>)[code]().message, code]),
);

/** The one place errors become HTTP: coded errors to their status, with the field and rule. */
@Catch()
export class HindsightExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(thrown: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const exception = asUnavailable(thrown);
    const [status, body] = this.describe(exception);
    if (exception instanceof UnavailableError) reply.header('retry-after', String(exception.retryAfterSeconds));
    if (exception instanceof RateLimitedError) reply.header('retry-after', String(exception.retryAfterSeconds));
    if (status >= 500) this.logger.error({ err: thrown }, 'request failed');
    void reply.status(status).send(body);
  }

  private describe(exception: unknown): [number, ErrorBody] {
    if (exception instanceof HindsightError) {
      return [
        statusOfCode[exception.code] ?? 500,
        { error: exception.code, message: exception.message, issues: exception.issues },
      ];
    }
    const code = (exception as { code?: string }).code ?? fastifyCodeByMessage.get((exception as Error).message);
    if (code !== undefined && fastifyErrors[code]) {
      const known = fastifyErrors[code];
      return [
        known.status,
        {
          error: known.error,
          message: `${known.path || 'body'}: ${known.rule}`,
          issues: [{ path: known.path, rule: known.rule }],
        },
      ];
    }
    if (exception instanceof SyntaxError) {
      return [
        400,
        {
          error: 'validation',
          message: 'body: must be valid JSON',
          issues: [{ path: '', rule: 'must be valid JSON' }],
        },
      ];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return [status, { error: status === 404 ? 'not-found' : 'http', message: exception.message, issues: [] }];
    }
    const statusCode = (exception as { statusCode?: number }).statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return [statusCode, { error: 'http', message: (exception as Error).message, issues: [] }];
    }
    return [500, { error: 'internal', message: 'internal error; see the api log', issues: [] }];
  }
}

/**
 * PostgreSQL that cannot be reached on any route is a 503 the client may retry,
 * never a 500: the request did nothing it could not do again.
 */
const POSTGRES_RETRY_AFTER_SECONDS = 2;

function asUnavailable(exception: unknown): unknown {
  if (exception instanceof HindsightError) return exception;
  const reason = postgresUnavailableReason(exception);
  return reason === undefined
    ? exception
    : new UnavailableError('postgres', `PostgreSQL is unavailable: ${reason}`, POSTGRES_RETRY_AFTER_SECONDS);
}
