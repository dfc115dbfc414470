export * from './binomial-interval';
export * from './decide-routing';
export * from './interaction-facts';
export * from './routing-draw';
export * from './routing-events';
export * from './routing-rules';
export * from './stratified-rates';
export * from './routing-rule-book';
