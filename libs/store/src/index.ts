export * from './data-source';
export * from './database-setup';
export * from './postgres-probe';
export * from './postgres-unavailable';
export * from './entities';
export { migrations } from './migrations';
export * from './repositories';
export { JsonText } from './copy/copy-text';
export * from './reads';
