export * from './change-set';
export * from './plan-projection';
export * from './trainer-records';
