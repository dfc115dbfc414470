import type { Client } from 'pg';
import { pollUntil, sleep } from './teardown';

/** The application name the projector's PostgreSQL sessions carry (`createDataSource` in `@hindsight/runtime`). */
export const PROJECTOR_APPLICATION = 'hindsight-projector';

/** One look at a projector's progress: what it committed and what it is in the middle of. */
export interface ProjectorProbe {
  /** Messages the group has committed: the sum of its stored next offsets (the offsets commit with the rows). */
  readonly committed: number;
  /**
   * Projector transactions holding uncommitted work: a transaction id is assigned (`backend_xid`), which an apply
   * transaction gets when it locks its offsets or writes its first row, and which it keeps until it commits.
   */
  readonly open: number;
  /** How long the oldest of them has been open, in ms (0 when none is). */
  readonly oldestOpenMs: number;
}

/**
 * One cheap statement (a few offset rows and `pg_stat_activity`), so it can be asked every 10 ms while
 * a projector applies. Every projector session of the cluster counts, so only one projector may run.
 */
export async function probeProjector(client: Client, schema: string, group: string): Promise<ProjectorProbe> {
  const { rows } = await client.query<{ committed: string; open: string; oldest_ms: string }>(
    `SELECT (SELECT coalesce(sum(next_offset), 0) FROM "${schema}".consumer_offsets WHERE consumer_group = $1) AS committed,
            count(*) AS open,
            coalesce(max(extract(epoch FROM clock_timestamp() - xact_start) * 1000), 0) AS oldest_ms
       FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = $2 AND backend_xid IS NOT NULL`,
    [group, PROJECTOR_APPLICATION],
  );
  return { committed: Number(rows[0].committed), open: Number(rows[0].open), oldestOpenMs: Number(rows[0].oldest_ms) };
}

/**
 * Waits until no projector session is left in PostgreSQL. A killed projector's sessions end when their
 * backends read the closed socket: a transaction still open is rolled back then, and a COMMIT sent just
 * before the kill is applied first, so what is committed is final only once they are gone.
 */
export async function projectorSessionsGone(client: Client, timeoutMs = 30_000): Promise<boolean> {
  const { ok } = await pollUntil(
    async () =>
      Number(
        (
          await client.query<{ n: string }>(
            'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
            [PROJECTOR_APPLICATION],
          )
        ).rows[0].n,
      ),
    (n) => n === 0,
    timeoutMs,
    20,
  );
  return ok;
}

/**
 * Probes a projector every `everyMs` from before it is started, so the apply it begins before answering
 * `/ready` is seen too: when it first had work open or committed, when its committed offsets last moved,
 * and each probe for whoever waits on `next()`. A probe that fails (the schema not made yet) is skipped.
 */
export class ProjectorWatch {
  /** When the projector first held an open apply transaction (dated back by its age) or first committed. */
  firstActiveAt: number | undefined;
  /** When its committed offsets last moved. */
  lastChangeAt: number | undefined;
  latest: ProjectorProbe;
  private stopped = false;
  private waiting: Array<(probe: ProjectorProbe) => void> = [];
  private readonly loop: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly schema: string,
    private readonly group: string,
    /** Messages committed before this projector started. */
    private readonly baseline: number,
    private readonly everyMs = 10,
  ) {
    this.latest = { committed: baseline, open: 0, oldestOpenMs: 0 };
    this.loop = this.run();
  }

  /** The next probe taken from now on. */
  next(): Promise<ProjectorProbe> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const probe = await probeProjector(this.client, this.schema, this.group);
        const now = Date.now();
        if (this.firstActiveAt === undefined && (probe.open > 0 || probe.committed > this.baseline))
          this.firstActiveAt = now - probe.oldestOpenMs;
        if (probe.committed !== this.latest.committed) this.lastChangeAt = now;
        this.latest = probe;
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting) resolve(probe);
      } catch {
        // The projector's schema or offsets table is not there yet: it is still starting.
      }
      await sleep(this.everyMs);
    }
  }
}
