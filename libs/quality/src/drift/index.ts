export * from './jensen-shannon-divergence';
export * from './word-tokens';
export * from './word-distribution';
export * from './prompt-drift';
export * from './length-distribution';
export * from './length-drift';
export * from './locale-mix-drift';
export * from './measure-drift';
