export * from './parse-csv';
export * from './parse-ratings-csv';
export * from './parse-annotations-csv';
export * from './parse-matches-csv';
