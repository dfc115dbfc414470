export * from './jensen-shannon-divergence';
export * from './word-tokens';
export * from './word-distribution';
export * from './prompt-drift';
