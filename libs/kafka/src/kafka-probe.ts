import { createKafka, type KafkaConnection } from './kafka-client';

export interface ProbeResult {
  readonly up: boolean;
  readonly detail: string;
}

/**
 * Asks the cluster for its metadata with a short deadline and no retries, so a
 * stopped broker turns into `up: false` within `timeoutMs` instead of hanging.
 */
export async function probeKafka(connection: KafkaConnection, timeoutMs = 3000): Promise<ProbeResult> {
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
