export * from './page-cursor';
export * from './read-page';
export * from './annotation-reads.repository';
export * from './deployment-reads.repository';
export * from './queue-reads.repository';
export * from './retrain-run-reads.repository';
export * from './governance-reads.repository';
export * from './drift-measurement.repository';
