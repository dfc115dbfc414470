export * from './fit-bradley-terry';
export * from './fit-bradley-terry-groups';
export * from './strongly-connected-components';
