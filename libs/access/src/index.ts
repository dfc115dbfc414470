export * from './scopes';
export * from './api-key-format';
export * from './api-keys';
export * from './api-key-writer';
export * from './api-key-log';
export * from './ended-sessions';
