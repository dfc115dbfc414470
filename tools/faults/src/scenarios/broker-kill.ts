import type { FaultScenario } from '../scenario';
import {
  ingestionOutcome,
  pollUntil,
  sleep,
  startIngestionRig,
  startSteadyLoad,
  statusCounts,
  Teardown,
} from '../harness';

/**
 * The broker killed with `kill -9` under a steady load of single events and started
 * again on the same data folder, twice. Every 202 must be in `events` once; the api
 * must answer 202 again soon after the broker does (issue #12: within 5 s).
 */
export const brokerKill: FaultScenario = {
  name: 'broker-kill',
  summary: 'broker kill -9 twice during ingestion, restarted on its data: nothing accepted lost, nothing twice',
  quick: true,
  async run(context) {
    const { quick, say } = context;
    const rate = quick ? 60 : 150;
    const outageMs = quick ? 4000 : 15_000;
    const teardown = new Teardown();
    try {
      const rig = await startIngestionRig(context, teardown);
      const load = await startSteadyLoad(rig, teardown, rate, 2);
      const recoveries: number[] = [];
      const node = rig.kafka.nodes[0];
      for (let kill = 1; kill <= 2; kill++) {
        say(`kill ${kill}: kill -9 broker pid ${node.pid} (${load.records.length} requests so far)`);
        await node.kill9();
        await sleep(outageMs);
        node.start();
        await rig.kafka.waitForBrokers(1);
        const back = Date.now();
        const first = await pollUntil(
          async () => load.records.find((r) => r.startedAt >= back && r.status === 202),
          (r) => r !== undefined,
          120_000,
          100,
        );
        const recovery = first.value ? (first.value.endedAt - back) / 1000 : Infinity;
        recoveries.push(recovery);
        say(
          `kill ${kill}: broker answers again; first 202 ${recovery.toFixed(1)} s later; answers so far ${JSON.stringify(statusCounts(load.records))}`,
        );
        await sleep(quick ? 2000 : 10_000);
      }
      await load.stop();
      const worst = Math.max(...recoveries);
      return await ingestionOutcome(context, rig, this.name, load, worst, [
        {
          name: '202 within 5 s of the broker answering',
          ok: worst <= 5,
          detail: recoveries.map((s) => `${s.toFixed(1)} s`).join(', '),
        },
      ]);
    } finally {
      await teardown.run(say);
    }
  },
};
