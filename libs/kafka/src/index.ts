export * from './kafka-client';
export * from './kafka-probe';
export * from './topic-admin';
export * from './event-publisher';
export * from './batch-consumer';
export * from './publish-raw';
export * from './topic-offsets';
export * from './topic-follower';
