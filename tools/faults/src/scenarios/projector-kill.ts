import type { FaultScenario } from '../scenario';
import {
  cleanRunCheck,
  ingestionOutcome,
  pollUntil,
  projectionChecksums,
  mulberry32,
  sendBatches,
  startIngestionRig,
  Teardown,
} from '../harness';

/**
 * A stream of 200 k comparisons (quick: 20 k) sent through the api's batch route,
 * then the projector killed with SIGKILL three times at random points (seeded) of
 * applying it, restarted each time. Every event once, the projection equal to a
 * clean run's.
 */
export const projectorKill: FaultScenario = {
  name: 'projector-kill',
  summary:
    'projector kill -9 three times at random points of a 200k-event stream (quick 10k): every event once, projection = clean run',
  quick: true,
  async run(context) {
    const { quick, say, seed } = context;
    const total = quick ? 10_000 : 200_000;
    const random = mulberry32(seed ^ 0x5eed);
    const teardown = new Teardown();
    try {
      const rig = await startIngestionRig(context, teardown, { projector: false });
      const records = await sendBatches(rig.api.url, rig.key, total, say);
      const accepted = records.filter((r) => r.status === 202).length;
      if (accepted < total / 2) throw new Error(`only ${accepted} of ${total} events accepted through the batch route`);
      const points = [random(), random(), random()]
        .map((r) => Math.floor(accepted * (0.1 + 0.8 * r)))
        .sort((a, b) => a - b);
      say(`kill points (events applied): ${points.map((p) => p.toLocaleString('en-US')).join(', ')}`);
      const sql = await rig.platform.sql();
      teardown.add('sql', () => sql.end());
      const applied = async () =>
        Number(
          (await sql.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE tenant = $1', [rig.tenant])).rows[0]
            .n,
        );
      const kills: string[] = [];
      for (const [i, point] of points.entries()) {
        const projector = await rig.platform.spawn('projector', {}, `projector-${i + 1}`);
        const reached = await pollUntil(applied, (n) => n >= point, 300_000, 100);
        await projector.kill9();
        const at = await applied();
        kills.push(`${reached.value}→${at}`);
        say(
          `kill ${i + 1}: SIGKILL at ${reached.value.toLocaleString('en-US')} events applied (point ${point.toLocaleString('en-US')}); ${at.toLocaleString('en-US')} after it died`,
        );
        if (!reached.ok)
          throw new Error(`the projector did not reach ${point} events within 300 s (at ${reached.value})`);
      }
      rig.projector = await rig.platform.spawn('projector', {}, 'projector-last');
      const outcome = await ingestionOutcome(
        context,
        rig,
        this.name,
        { records },
        null,
        [{ name: 'three kills at random points', ok: kills.length === 3, detail: kills.join(', ') }],
        async (client) => [
          await cleanRunCheck(rig.platform, rig.tenant, await projectionChecksums(client, rig.tenant), say),
        ],
      );
      return outcome;
    } finally {
      await teardown.run(say);
    }
  },
};
