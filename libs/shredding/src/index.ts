export * from './personal-subject';
export * from './sealed-data';
export * from './event-sealer';
export * from './event-opener';
export * from './random-bytes-pool';
