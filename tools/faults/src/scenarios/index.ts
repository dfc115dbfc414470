import type { FaultScenario } from '../scenario';

/** Every scenario, in the order the runner takes them. */
export const SCENARIOS: readonly FaultScenario[] = [];
