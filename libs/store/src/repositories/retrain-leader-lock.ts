import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Scheduler leadership: a PostgreSQL session advisory lock
 * (`pg_try_advisory_lock`) taken on a connection of its own, held for as long
 * as the process leads. The lock lives and dies with that session, so a leader
 * whose connection drops (network, `pg_terminate_backend`, crash) loses it at
 * once on the server; `stillHeld` notices on the next check and the replica
 * stops firing. The key includes the schema, so test runs do not contend.
 */
export class RetrainLeaderLock {
  private runner: QueryRunner | undefined;
  private pid: number | undefined;
  /** Why the last attempt to take the lock failed before it could ask; undefined once one could. */
  lastError: Error | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: string,
  ) {}

  /** Takes the lock if free; true while this process holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.runner) return this.stillHeld();
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const rows: { locked: boolean; pid: number }[] = await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked, pg_backend_pid() AS pid',
        [this.key],
      );
      this.lastError = undefined;
      if (rows[0]?.locked) {
        this.runner = runner;
        this.pid = rows[0].pid;
        return true;
      }
    } catch (error) {
      // Not leading; the scheduler reports why.
      this.lastError = error instanceof Error ? error : new Error(String(error));
    }
    await runner.release().catch(() => undefined);
    return false;
  }

  /** True when the session that took the lock is alive and still holds it. */
  async stillHeld(): Promise<boolean> {
    if (!this.runner) return false;
    try {
      const rows: { held: boolean }[] = await this.runner.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
                          AND ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)) AS held`,
        [this.key],
      );
      if (rows[0]?.held) return true;
    } catch {
      // The session is gone, and the lock with it.
    }
    await this.drop();
    return false;
  }

  /** The server process id of the leading session (for diagnostics and tests). */
  backendPid(): number | undefined {
    return this.pid;
  }

  /** Gives up leadership. */
  async release(): Promise<void> {
    if (!this.runner) return;
    try {
      await this.runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.key]);
    } catch {
      // Ending the session releases it anyway.
    }
    await this.drop();
  }

  /** Forgets the session; if it is still alive, it gives back every advisory lock before returning to the pool. */
  private async drop(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    this.pid = undefined;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}
