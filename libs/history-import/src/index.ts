export * from './mapping/field-path';
export * from './mapping/history-mapping';
export * from './record/map-record';
