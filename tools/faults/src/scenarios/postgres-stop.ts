import type { FaultScenario } from '../scenario';
import {
  cleanRunCheck,
  ingestionOutcome,
  pollUntil,
  projectionChecksums,
  sleep,
  startIngestionRig,
  startSteadyLoad,
  statusCounts,
  Teardown,
} from '../harness';

/**
 * PostgreSQL stopped hard (`pg_ctl stop -m immediate`, every backend dies as in a
 * crash) while events flow and the projector applies them, then started again.
 * Every 202 in `events` once, nothing twice, no 500, and the projection equals a
 * clean run's over the same topics.
 */
export const postgresStop: FaultScenario = {
  name: 'postgres-stop',
  summary:
    'PostgreSQL stopped -m immediate during ingestion and projection, restarted: nothing lost or twice, projection = clean run',
  quick: true,
  async run(context) {
    const { quick, say } = context;
    const rate = quick ? 60 : 150;
    const outageMs = quick ? 5000 : 10_000;
    const teardown = new Teardown();
    try {
      const rig = await startIngestionRig(context, teardown);
      const load = await startSteadyLoad(rig, teardown, rate, 3);
      say(`pg_ctl stop -m immediate (${load.records.length} requests so far)`);
      rig.postgres.stopImmediately();
      await sleep(outageMs);
      rig.postgres.start();
      const back = Date.now();
      const first = await pollUntil(
        async () => load.records.find((r) => r.startedAt >= back && r.status === 202),
        (r) => r !== undefined,
        120_000,
        100,
      );
      const recovery = first.value ? (first.value.endedAt - back) / 1000 : null;
      say(
        `PostgreSQL accepts connections again; first 202 ${recovery?.toFixed(1) ?? 'never'} s later; answers so far ${JSON.stringify(statusCounts(load.records))}`,
      );
      await sleep(quick ? 5000 : 15_000);
      await load.stop();
      const projectorAlive = rig.projector?.child.exitCode === null && rig.projector.child.signalCode === null;
      return await ingestionOutcome(
        context,
        rig,
        this.name,
        load,
        recovery,
        [
          {
            name: 'ingestion answers 202 again after the restart',
            ok: recovery !== null,
            detail: recovery === null ? 'no 202 within 120 s' : `${recovery.toFixed(1)} s`,
          },
          {
            name: 'projector survived the outage',
            ok: projectorAlive,
            detail: projectorAlive
              ? 'still running'
              : `exited (${rig.projector?.child.exitCode ?? rig.projector?.child.signalCode})`,
          },
        ],
        async (sql) => [await cleanRunCheck(rig.platform, rig.tenant, await projectionChecksums(sql, rig.tenant), say)],
      );
    } finally {
      await teardown.run(say);
    }
  },
};
