export * from './change-set';
export * from './plan-projection';
export * from './queue-changes';
export * from './records/record-changes';
export * from './trainer-records';
export * from './retrain-run-details';
