/*
 * @hindsight/api-types: the JSON the api answers, as TypeScript types and nothing
 * else (kind:pure, no runtime code). The server's libs and the browser console
 * (apps/web, by `import type`) share these, so the two cannot drift apart.
 */
export type * from './read-api';
export type * from './model-registry';
export type * from './datasets';
export type * from './quality-report';
