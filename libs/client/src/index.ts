export * from './hindsight-client';
export * from './errors';
export * from './types';
export type { FetchFn } from './http-transport';
export { retryDelayMs, parseRetryAfter, type RetryPolicy } from './retry-delay';
