import type { FaultScenario } from '../scenario';
import {
  freePort,
  ingestionOutcome,
  pollUntil,
  SlowProxy,
  sleep,
  startIngestionRig,
  startSteadyLoad,
  statusCounts,
  Teardown,
} from '../harness';

const ACK_TIMEOUT_MS = 2000;

/**
 * The broker's answers held back past the api's acknowledgement timeout by a TCP
 * proxy the broker advertises: the api must not answer 202 for an event Kafka has
 * not acknowledged, and nothing may be stored twice (the late acknowledgements
 * and any retries of the producer).
 */
export const slowBroker: FaultScenario = {
  name: 'slow-broker',
  summary: `broker answers delayed past the api's ack timeout (${ACK_TIMEOUT_MS} ms) by a proxy: no 202 without an acknowledgement, nothing twice`,
  quick: true,
  async run(context) {
    const { quick, say } = context;
    const rate = quick ? 40 : 100;
    const slowMs = quick ? 10_000 : 30_000;
    const delayMs = ACK_TIMEOUT_MS * 2;
    const teardown = new Teardown();
    try {
      const proxy = new SlowProxy(await freePort());
      const rig = await startIngestionRig(context, teardown, {
        advertisedPort: proxy.port,
        env: { PUBLISH_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS) },
        beforeStart: async (kafka) => {
          await proxy.start(kafka.nodes[0].port);
          teardown.add('proxy', () => proxy.stop());
        },
      });
      const load = await startSteadyLoad(rig, teardown, rate, 3, 30_000);
      const slowFrom = Date.now();
      proxy.delayMs = delayMs;
      say(
        `broker answers now delayed by ${delayMs} ms for ${slowMs / 1000} s (${load.records.length} requests so far)`,
      );
      await sleep(slowMs);
      proxy.delayMs = 0;
      const healed = Date.now();
      const first = await pollUntil(
        async () => load.records.find((r) => r.startedAt >= healed && r.status === 202),
        (r) => r !== undefined,
        120_000,
        100,
      );
      const recovery = first.value ? (first.value.endedAt - healed) / 1000 : null;
      say(
        `delay removed; first 202 ${recovery?.toFixed(1) ?? 'never'} s later; answers so far ${JSON.stringify(statusCounts(load.records))}`,
      );
      await sleep(quick ? 4000 : 10_000);
      await load.stop();
      // Every answer from the broker to a request sent in the slow window came at least delayMs later.
      const tooFast = load.records.filter(
        (r) => r.status === 202 && r.startedAt >= slowFrom && r.startedAt < healed && r.endedAt - r.startedAt < delayMs,
      );
      const inWindow = load.records.filter((r) => r.startedAt >= slowFrom && r.endedAt <= healed);
      const refusedInWindow = inWindow.filter((r) => r.status === 503).length;
      return await ingestionOutcome(context, rig, this.name, load, recovery, [
        {
          name: 'no 202 sooner than the delayed acknowledgement',
          ok: tooFast.length === 0,
          detail: `${tooFast.length} 202s answered < ${delayMs} ms after a request sent while the broker was slow`,
        },
        {
          name: 'slow acknowledgements answered 503',
          ok: refusedInWindow > 0,
          detail: `${refusedInWindow} of ${inWindow.length} requests answered within the slow window were 503`,
        },
        {
          name: 'ingestion answers 202 again after the delay is gone',
          ok: recovery !== null,
          detail: recovery === null ? 'no 202 within 120 s' : `${recovery.toFixed(1)} s`,
        },
      ]);
    } finally {
      await teardown.run(say);
    }
  },
};
