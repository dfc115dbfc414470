export * from './per-group-spec';
export * from './rater-group-of';
export * from './disagreement-report';
export * from './train-family';
