import { probeKafka, type KafkaConnection } from '@hindsight/kafka';
import { probePostgres } from '@hindsight/store';
import type { ReadinessCheck } from './readiness-check';

/** Probes are given a short deadline so a stopped broker shows as down within seconds. */
export function kafkaReadiness(connection: KafkaConnection, timeoutMs = 2500): ReadinessCheck {
  return { name: 'kafka', check: () => probeKafka(connection, timeoutMs) };
}

export function postgresReadiness(url: string, timeoutMs = 2500): ReadinessCheck {
  return { name: 'postgres', check: () => probePostgres(url, timeoutMs) };
}
