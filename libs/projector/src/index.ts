export * from './decode-message';
export * from './batch-applier';
export * from './replay/replay-projections';
export * from './subject-keys/catch-up-subject-keys';
