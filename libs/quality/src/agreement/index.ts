export * from './ratings';
export * from './cohen-kappa';
export * from './fleiss-kappa';
export * from './krippendorff-alpha';
export * from './percent-agreement';
export * from './bootstrap-interval';
export * from './quantile-sorted';
export * from './measure-agreement';
