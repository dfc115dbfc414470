/**
 * Puts every timed section of the projector and replay benchmarks on the same footing: whatever the
 * previous section wrote is flushed before the next one starts, so its write-back does not land on
 * whichever section happens to come next (issue #17: the raw COPY baseline ran right after the subject's
 * heavy writes). Not a benchmark itself.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { fmt, type BenchRun } from './bench-support';

/** How long to wait for running autovacuum workers before timing anyway (and saying so). */
const AUTOVACUUM_WAIT_MS = 60_000;

export interface Settled {
  /** Milliseconds the settling took (not in any timed section). */
  readonly ms: number;
  /** What was done, for the benchmark's output. */
  readonly note: string;
}

/**
 * Before a timed section: `sync` (the kernel's dirty pages, mostly the broker's log segments and
 * PostgreSQL's writes, go to disk now), then `CHECKPOINT` (PostgreSQL's dirty buffers written and
 * its WAL-triggered checkpoint reset, so none starts in the section for what came before), then waits
 * until no autovacuum worker runs (anti-wraparound workers run even with autovacuum off). Needs
 * superuser or pg_checkpoint for CHECKPOINT; without it, it says so and goes on.
 */
export async function settle(run: BenchRun, before: string): Promise<Settled> {
  const started = performance.now();
  const steps: string[] = [];
  try {
    execFileSync('sync');
    steps.push('sync');
  } catch (error) {
    steps.push(`no sync (${error instanceof Error ? error.message : String(error)})`);
  }
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    try {
      const t0 = performance.now();
      await client.query('CHECKPOINT');
      steps.push(`CHECKPOINT ${fmt(performance.now() - t0)} ms`);
    } catch (error) {
      steps.push(`no CHECKPOINT (${error instanceof Error ? error.message : String(error)})`);
    }
    const waitStarted = performance.now();
    let workers = 0;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`,
      );
      workers = rows[0].n;
      if (workers === 0 || performance.now() - waitStarted > AUTOVACUUM_WAIT_MS) break;
      await sleep(500);
    }
    const waited = performance.now() - waitStarted;
    steps.push(
      workers > 0
        ? `${workers} autovacuum worker(s) still running after ${fmt(waited / 1000)} s`
        : `no autovacuum worker${waited > 1000 ? ` (waited ${fmt(waited / 1000, 1)} s)` : ''}`,
    );
  } finally {
    await client.end();
  }
  const ms = performance.now() - started;
  const note = `${steps.join(', ')}`;
  run.say(`settled before ${before}: ${note}`);
  return { ms, note };
}

/** `autovacuum` as the server has it, for the benchmark's output. */
export async function autovacuumSetting(run: BenchRun): Promise<string> {
  const client = new Client({ connectionString: run.config.database.url });
  await client.connect();
  try {
    return (await client.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0].autovacuum;
  } finally {
    await client.end();
  }
}
