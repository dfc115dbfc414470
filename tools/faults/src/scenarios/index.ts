import type { FaultScenario } from '../scenario';
import { datasetDiskFullScenario } from './dataset-disk-full';
import { schedulerLeaderKillScenario } from './scheduler-leader-kill';
import { trainerKillScenario } from './trainer-kill';

/** Every scenario, in the order the runner takes them. */
export const SCENARIOS: readonly FaultScenario[] = [trainerKillScenario, schedulerLeaderKillScenario, datasetDiskFullScenario];
