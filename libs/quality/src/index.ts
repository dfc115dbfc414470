export * from './agreement';
export * from './leaderboard';
export * from './random';
export * from './reliability';
export * from './csv';
export * from './drift';
export * from './report-exports';
export * from './judges';
