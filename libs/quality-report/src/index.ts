export * from './map-records';
export * from './tenant-quality-report';
export * from './render-report';
export * from './target-profile';
export * from './simulate/simulation-events';
export * from './simulate/run-simulation';
export * from './simulate/judge-events';
export * from './simulate/model-styled-comparisons';
