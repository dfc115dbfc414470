export * from './change-set';
export * from './plan-projection';
export * from './records/record-changes';
