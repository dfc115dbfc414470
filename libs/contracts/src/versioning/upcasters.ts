import { comparisonRecordedV1, comparisonRecordedV2 } from '../events/annotation/comparison-recorded';
import { interactionLoggedV1, interactionLoggedV2 } from '../events/deployment/interaction-logged';
import { queueCreatedV1, queueCreatedV2 } from '../events/queues/queue-created';
import { defineUpcaster, type Upcaster } from './upcaster';

/**
 * The upcasters of the published event versions, oldest first. When a type gets a new
 * version: keep the old definition in its family's definition list, add the new definition,
 * and add `defineUpcaster(xVn, xVn+1, (data) => …)` here; `createEventRegistry` refuses to
 * build if a step is missing. See `upcaster.unit.spec.ts` for a worked example.
 */
export const upcasters: readonly Upcaster[] = [
  // v2 only adds the optional `rubric`: a v1 queue has none.
  defineUpcaster(queueCreatedV1, queueCreatedV2, (data) => ({ ...data })),
  // v2 only adds the optional `rubric` and `comment`: a v1 comparison has neither.
  defineUpcaster(comparisonRecordedV1, comparisonRecordedV2, (data) => ({ ...data })),
  // v2 only adds the optional `objective`, `surface`, `locale` and `redaction`: a v1 interaction has none of them.
  defineUpcaster(interactionLoggedV1, interactionLoggedV2, (data) => ({ ...data })),
];
