import type { FaultScenario } from '../scenario';
import {
  cleanRun,
  cleanRunComparison,
  ingestionOutcome,
  mulberry32,
  probeProjector,
  ProjectorWatch,
  projectionChecksums,
  projectorSessionsGone,
  sendBatches,
  startIngestionRig,
  Teardown,
  type ProjectorProbe,
} from '../harness';

/** How often the projector's progress and open transactions are looked at while a kill is aimed. */
const PROBE_EVERY_MS = 10;

/**
 * What the projector may apply in one round of transactions: 2,000 messages per partition, 3 partitions at once (its
 * defaults). When no more than this is left, an open transaction may be the stream's last, so a kill lands on the
 * first one seen instead of waiting for a due time that can come after the end (the quick stream's last 1,848
 * messages were applied in 159 ms, before a kill due after 167 ms).
 */
const LAST_ROUND_MESSAGES = 3 * 2_000;

/** One kill: where it was aimed, where it landed, and whether the projector still had work then. */
interface Kill {
  /** Share of what was left to apply at the restart after which the kill was due. */
  readonly share: number;
  /** Messages left to apply at the restart. */
  readonly left: number;
  readonly msIntoApplying: number;
  readonly atKill: ProjectorProbe;
  readonly eventsAfter: number;
  readonly workLeft: boolean;
}

/**
 * A stream of 200 k comparisons (quick: 20 k) sent through the api's batch route,
 * then the projector killed with SIGKILL three times while it applies it, restarted
 * each time. Every event once, the projection equal to a clean run's.
 *
 * The kills are aimed in time, not at event counts: the projector commits a backlog
 * 2,000 messages per partition at a time, so a count polled between commits is crossed
 * by a commit and a kill aimed at it lands right after one (or after the last). The
 * clean run goes first and measures how long applying the stream takes here. Kill i is
 * due once the restarted projector has spent a seeded share (10–70 %) of the time the
 * clean run took for what is left, counted from its first open apply transaction (or
 * once that share is committed, if sooner), and lands at the first 10 ms probe from
 * then on that sees a projector transaction holding uncommitted work — so each kill
 * comes later in the stream than the one before and none is aimed past its end; once
 * no more than one round of transactions is left, at the first probe that sees one. A kill
 * that lands when the stream was fully applied fails the scenario: it proves nothing
 * about a crash mid-stream.
 */
export const projectorKill: FaultScenario = {
  name: 'projector-kill',
  summary:
    'projector kill -9 three times inside its apply transactions, at random points of a 200k-event stream (quick 20k): every event once, projection = clean run',
  quick: true,
  async run(context) {
    const { quick, say, seed } = context;
    const total = quick ? 20_000 : 200_000;
    const random = mulberry32(seed ^ 0x5eed);
    const teardown = new Teardown();
    try {
      const rig = await startIngestionRig(context, teardown, { projector: false });
      const records = await sendBatches(rig.api.url, rig.key, total, say);
      const accepted = records.filter((r) => r.status === 202).length;
      if (accepted < total / 2) throw new Error(`only ${accepted} of ${total} events accepted through the batch route`);
      const shares = [random(), random(), random()].map((r) => 0.1 + 0.6 * r);
      // The clean run first: the stream is complete, and its apply time aims the kills.
      const clean = await cleanRun(rig.platform, rig.tenant, accepted, say);
      if (!clean.ok) throw new Error(`the clean run did not reach ${accepted} events`);
      const stream = clean.committed;
      const applyMs = clean.applyMs ?? 1;
      say(
        `kill points (share of what is left at each restart; ${stream.toLocaleString('en-US')} messages, ${Math.round(applyMs).toLocaleString('en-US')} ms to apply them all): ${shares.map((p) => `${(p * 100).toFixed(0)} %`).join(', ')}`,
      );
      const sql = await rig.platform.sql();
      teardown.add('sql', () => sql.end());
      const schema = rig.platform.schema;
      const group = rig.platform.env.PROJECTOR_GROUP_ID;
      const eventsNow = async () =>
        Number(
          (await sql.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE tenant = $1', [rig.tenant])).rows[0]
            .n,
        );
      const kills: Kill[] = [];
      for (const [i, share] of shares.entries()) {
        // The clean run's projector (or the last killed one) has left: every projector session seen is this one's.
        await projectorSessionsGone(sql);
        const before = await probeProjector(sql, schema, group);
        // Watched from before it starts: it may apply for a while before it answers /ready.
        const watch = new ProjectorWatch(sql, schema, group, before.committed, PROBE_EVERY_MS);
        teardown.add(`watch ${i + 1}`, () => watch.stop());
        const projector = await rig.platform.spawn('projector', {}, `projector-${i + 1}`);
        // Due this long after the restarted projector's first open transaction, at the rate the clean run applied.
        const left = stream - before.committed;
        const dueMs = ((share * left) / stream) * applyMs;
        const dueAt = before.committed + share * left;
        let probe = before;
        for (const deadline = Date.now() + 300_000; ;) {
          probe = await watch.next();
          const now = Date.now();
          if (probe.committed >= stream) break; // too late: reported below
          const { firstActiveAt } = watch;
          const due = firstActiveAt !== undefined && (now - firstActiveAt >= dueMs || probe.committed >= dueAt);
          const lastRound = stream - probe.committed <= LAST_ROUND_MESSAGES;
          if ((due || lastRound) && probe.open > 0) break;
          if (now > deadline)
            throw new Error(
              `kill ${i + 1}: the projector did not get ${(share * 100).toFixed(0)} % through the ${left} messages left within 300 s (${probe.committed} of ${stream} committed)`,
            );
        }
        await projector.kill9();
        const msIntoApplying = watch.firstActiveAt === undefined ? 0 : Math.round(Date.now() - watch.firstActiveAt);
        await watch.stop();
        // What a kill left uncommitted is rolled back once PostgreSQL notices the sessions are gone.
        if (!(await projectorSessionsGone(sql)))
          throw new Error(`kill ${i + 1}: the killed projector's sessions were still in PostgreSQL after 30 s`);
        const after = await probeProjector(sql, schema, group);
        const eventsAfter = await eventsNow();
        const kill: Kill = {
          share,
          left,
          msIntoApplying,
          atKill: probe,
          eventsAfter,
          workLeft: after.committed < stream && eventsAfter < clean.checksums.eventCount,
        };
        kills.push(kill);
        say(`kill ${i + 1}: ${describe(kill, stream, after.committed)}`);
      }
      rig.projector = await rig.platform.spawn('projector', {}, 'projector-last');
      const late = kills.flatMap((k, i) => (k.workLeft ? [] : [i + 1]));
      const outcome = await ingestionOutcome(
        context,
        rig,
        this.name,
        { records },
        null,
        [
          {
            name: 'three kills while the stream was being applied',
            ok: kills.length === 3 && late.length === 0,
            detail:
              (late.length > 0
                ? `kill ${late.join(', ')} landed after the stream was fully applied (${clean.checksums.eventCount} events): it proves nothing about a crash mid-stream; `
                : '') +
              kills
                .map(
                  (k) =>
                    `${(k.share * 100).toFixed(0)} % of ${k.left} left: ${k.atKill.open} open after ${k.msIntoApplying} ms, ${k.eventsAfter} events committed`,
                )
                .join('; '),
          },
        ],
        async (client) => [cleanRunComparison(await projectionChecksums(client, rig.tenant), clean)],
      );
      return outcome;
    } finally {
      await teardown.run(say);
    }
  },
};

function describe(kill: Kill, stream: number, committedAfter: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const where = `SIGKILL ${n(kill.msIntoApplying)} ms into applying (due after ${(kill.share * 100).toFixed(0)} % of the ${n(kill.left)} messages left)`;
  const open =
    kill.atKill.open > 0
      ? `${kill.atKill.open} apply transaction(s) open with uncommitted work (oldest ${n(Math.round(kill.atKill.oldestOpenMs))} ms)`
      : 'no apply transaction open';
  const progress = `${n(kill.atKill.committed)} of ${n(stream)} messages committed at the kill, ${n(committedAfter)} once its sessions were gone; ${n(kill.eventsAfter)} events`;
  return kill.workLeft
    ? `${where}: ${open}; ${progress}`
    : `${where}: LANDED AFTER THE STREAM WAS FULLY APPLIED (${progress}): it proves nothing about a crash mid-stream`;
}
