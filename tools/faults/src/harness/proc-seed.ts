import { HindsightClient, type EventToSend } from '@hindsight/client';
import { modelStyledComparisons } from '@hindsight/quality-report';
import type { ProcPlatform } from './proc-platform';

export { mulberry32 } from '@hindsight/reward-model';

/** Polls `read` until `done` holds; fails naming `what` after `timeoutMs`. */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // A read that fails (a restarting process, a busy database) is retried until the deadline.
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what} (last: ${JSON.stringify(last)})`,
      );
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Simulated comparisons (honest raters, four model versions whose texts carry the
 * version, so a reward model has something to learn), recorded before now.
 */
export function simulatedComparisons(count: number, seed: number, keyPrefix: string): EventToSend[] {
  return modelStyledComparisons(
    {
      raters: 24,
      comparisons: count,
      overlap: 2,
      seed,
      modelStrengths: [0, 2, 4, 6],
      spammers: 0,
      positionBiased: 0,
      lengthBiased: 0,
      groupConflict: 0,
    },
    keyPrefix,
  );
}

export interface Seeded {
  readonly sent: number;
  readonly accepted: number;
  readonly ids: readonly string[];
}

/** Sends the events through the api in batches and waits until the projector stored every accepted one. */
export async function seedThroughApi(
  platform: ProcPlatform,
  apiUrl: string,
  tenant: string,
  events: readonly EventToSend[],
  timeoutMs = 300_000,
): Promise<Seeded> {
  const key = await platform.issueKey(tenant, ['ingest']);
  const client = new HindsightClient({ baseUrl: apiUrl, apiKey: key, batchSize: 500 });
  const result = await client.sendBatch(events);
  const ids = result.results.flatMap((r) => (r.status === 'accepted' ? [r.id] : []));
  await waitUntil(
    async () =>
      Number(
        (await platform.dataSource.query('SELECT count(*) AS n FROM events WHERE id = ANY($1::uuid[])', [ids]))[0].n,
      ),
    (n) => n === ids.length,
    timeoutMs,
    `${ids.length} events projected`,
  );
  return { sent: events.length, accepted: result.accepted, ids };
}

/** Of `ids`, how many are absent from `events` and how many are there more than once. */
export async function accountEvents(
  platform: ProcPlatform,
  ids: readonly string[],
): Promise<{ lost: number; duplicated: number }> {
  const rows = (await platform.dataSource.query(
    'SELECT id::text AS id, count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) GROUP BY id',
    [ids],
  )) as { id: string; n: number }[];
  return { lost: ids.length - rows.length, duplicated: rows.filter((r) => r.n > 1).length };
}
