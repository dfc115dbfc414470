export * from './change-set';
export * from './plan-projection';
export * from './queue-changes';
export * from './trainer-records';
