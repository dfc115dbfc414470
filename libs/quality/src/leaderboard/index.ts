export * from './fit-bradley-terry';
