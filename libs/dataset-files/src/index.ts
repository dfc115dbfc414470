export * from './dataset-file';
export * from './json-array-splitter';
