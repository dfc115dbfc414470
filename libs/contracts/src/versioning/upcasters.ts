import type { Upcaster } from './upcaster';

/**
 * The upcasters of the published event versions, oldest first. Every type is
 * at v1, so there are none yet. When a type gets v2: keep the v1 definition in
 * its family's definition list, add the v2 definition, and add
 * `defineUpcaster(xV1, xV2, (data) => …)` here; `createEventRegistry` refuses
 * to build if a step is missing. See `upcaster.unit.spec.ts` for a worked
 * `comparison.recorded` example.
 */
export const upcasters: readonly Upcaster[] = [];
