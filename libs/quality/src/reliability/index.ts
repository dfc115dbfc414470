export * from './annotation';
export * from './dawid-skene';
export * from './flag-raters';
