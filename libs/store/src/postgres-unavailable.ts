/**
 * SQLSTATEs that say the server cannot be reached or is going away, not that the
 * statement was wrong: class 08 (connection exception), 57P01 admin shutdown,
 * 57P02 crash shutdown, 57P03 cannot connect now (starting up or recovering),
 * 57P05 idle session timeout, 53300 too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);

/** What the operating system says when the server's socket is not there (anymore). */
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres and its pool say these without a code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Connection is not established/i,
];

/**
 * Why `error` means PostgreSQL cannot be used right now (answered 503 with
 * Retry-After, the request may be retried as it is), or undefined when it is any
 * other failure. Looks through TypeORM's QueryFailedError (`driverError`), `cause`
 * and AggregateError's `errors` (Node tries each address of a host name).
 */
export function postgresUnavailableReason(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 4) return undefined;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.code === 'string') {
    if (e.code.startsWith('08') && e.code.length === 5) return `${e.code}: ${message}`;
    if (UNAVAILABLE_SQLSTATES.has(e.code) || UNAVAILABLE_SOCKET_CODES.has(e.code)) return `${e.code}: ${message}`;
  }
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return message;
  const nested = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])];
  for (const inner of nested) {
    const reason = postgresUnavailableReason(inner, depth + 1);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
