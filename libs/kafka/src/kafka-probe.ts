import { createKafka, type KafkaConnection } from './kafka-client';

export interface ProbeResult {
  readonly up: boolean;
  readonly detail: string;
}

/**
 * Asks the cluster for its metadata with a short deadline and no retries, so a
 * stopped broker turns into `up: false` within `timeoutMs` instead of hanging.
 *
 * Every seed broker is asked at once and one answer is enough: a kafkajs client
 * always starts with the first address of its list, so a probe through one client
 * with no retries called a three-broker cluster down for as long as its first
 * broker was (the faults suite's cluster-isr scenario).
 */
export async function probeKafka(connection: KafkaConnection, timeoutMs = 3000): Promise<ProbeResult> {
  const answers = connection.brokers.map((broker) => probeOneBroker({ ...connection, brokers: [broker] }, timeoutMs));
  try {
    return await Promise.any(
      answers.map(async (answer) => {
        const result = await answer;
        if (!result.up) throw new Error(result.detail);
        return result;
      }),
    );
  } catch {
    const details = await Promise.all(answers);
    return {
      up: false,
      detail: details
        .map((d, i) => (connection.brokers.length > 1 ? `${connection.brokers[i]}: ${d.detail}` : d.detail))
        .join('; '),
    };
  }
}

async function probeOneBroker(connection: KafkaConnection, timeoutMs: number): Promise<ProbeResult> {
  const kafka = createKafka(connection, undefined, {
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    const cluster = await Promise.race([
      (async () => {
        await admin.connect();
        return admin.describeCluster();
      })(),
      deadline,
    ]);
    return { up: true, detail: `${cluster.brokers.length} broker(s), controller ${cluster.controller}` };
  } catch (error) {
    return { up: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    // The probe has its answer already; a failed disconnect of a dead connection adds nothing to it.
    await admin.disconnect().catch(() => undefined);
  }
}
