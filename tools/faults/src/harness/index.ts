export * from './accounting';
export * from './kafka-cluster';
export * from './load';
export * from './platform';
export * from './ports';
export * from './random';
export * from './teardown';
export { startPrivatePostgres, type PrivatePostgres } from '@hindsight/local-stack';
export * from './ingestion-rig';
