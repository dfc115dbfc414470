export * from './free-port';
export * from './api-under-test';
export * from './topic-reader';
export * from './wait-for';
export * from './run-cli';
export * from './open-event';
export * from './s3-mock';
export * from './prometheus-text';
