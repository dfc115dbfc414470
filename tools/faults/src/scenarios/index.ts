import type { FaultScenario } from '../scenario';
import { brokerKill } from './broker-kill';
import { clusterIsr } from './cluster-isr';
import { postgresStop } from './postgres-stop';
import { projectorKill } from './projector-kill';
import { slowBroker } from './slow-broker';

/** Every scenario, in the order the runner takes them. */
export const SCENARIOS: readonly FaultScenario[] = [brokerKill, postgresStop, projectorKill, slowBroker, clusterIsr];
