import type { FaultScenario } from '../scenario';
import { brokerKill } from './broker-kill';
import { clusterIsr } from './cluster-isr';
import { datasetDiskFullScenario } from './dataset-disk-full';
import { postgresStop } from './postgres-stop';
import { projectorKill } from './projector-kill';
import { routeFuzzing } from './route-fuzzing';
import { schedulerLeaderKillScenario } from './scheduler-leader-kill';
import { slowBroker } from './slow-broker';
import { trainerKillScenario } from './trainer-kill';

/** Every scenario, in the order the runner takes them. */
export const SCENARIOS: readonly FaultScenario[] = [
  brokerKill,
  postgresStop,
  projectorKill,
  slowBroker,
  clusterIsr,
  trainerKillScenario,
  schedulerLeaderKillScenario,
  datasetDiskFullScenario,
  routeFuzzing,
];
