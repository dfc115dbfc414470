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

/** Any other dependency: `probe` resolves when it is usable and throws saying why not; it is given the same short deadline. */
export function readinessOf(name: string, probe: () => Promise<string>, timeoutMs = 2500): ReadinessCheck {
  return {
    name,
    check: async () => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        return { up: true, detail: await Promise.race([probe(), deadline]) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
