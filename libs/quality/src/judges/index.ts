export * from './judge-labels';
export * from './judge-kappa';
export * from './measure-judges';
