export * from './mulberry32';
export * from './random-index';
