// Int-spec helpers of the store, for its own specs and the projector's (as @hindsight/store/testing): never imported
// by production code, so the store's root entry does not carry jest hooks.
export * from './migrated-schema-fixture';
export * from './sealed-test-events';
