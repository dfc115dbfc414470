export * from './change-set';
export * from './plan-projection';
