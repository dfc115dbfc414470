export * from './scopes';
export * from './api-key-format';
export * from './api-keys';
