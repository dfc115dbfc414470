import { createHash, randomBytes } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  eventHeaders,
  formatUuidV7,
  partitionKey,
  sealEvent,
  topicName,
  topicOf,
  UnavailableError,
  type HindsightEventInput,
  type QueueEvent,
} from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { QueueExportRepository, type UnexportedQueueRows } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

/**
 * The events that give back the rows written before queues were events, in an
 * order the projector can apply (per queue: the queue, its tasks by `seq`, the
 * assignments by time, the completions). Each event is recorded at its row's
 * own time, so a rebuild writes the same values; its idempotency key is derived
 * from the row, so the projector keeps one copy however often this runs.
 */
export function queueExportEvents(
  rows: UnexportedQueueRows,
  random: (length: number) => Uint8Array = randomBytes,
): QueueEvent[] {
  const event = (
    tenant: string,
    at: string,
    type: QueueEvent['type'],
    row: readonly string[],
    data: Record<string, unknown>,
  ): QueueEvent => {
    const id = formatUuidV7(Date.parse(at), random(10));
    const idempotencyKey = `queue-export:${createHash('sha256')
      .update(JSON.stringify([type, tenant, ...row]))
      .digest('hex')}`;
    return sealEvent({ type, idempotencyKey, data } as unknown as HindsightEventInput, {
      id,
      recordedAt: at,
      tenant,
      source: 'cli',
    }) as QueueEvent;
  };
  const present = <T extends Record<string, unknown>>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  return [
    ...rows.queues.map((q) =>
      event(
        q.tenant,
        q.createdAt,
        'queue.created',
        [q.queueId],
        present({
          queueId: q.queueId,
          name: q.name,
          overlap: q.overlap,
          counterbalance: q.counterbalance,
          taskType: q.taskType,
          objective: q.objective,
          guidelineVersion: q.guidelineVersion,
        }),
      ),
    ),
    ...rows.tasks.map((t) =>
      event(
        t.tenant,
        t.createdAt,
        'queue.task-enqueued',
        [t.queueId, t.taskId],
        present({
          queueId: t.queueId,
          taskId: t.taskId,
          seq: t.seq,
          prompt: t.prompt,
          responses: t.responses,
          taskType: t.taskType,
        }),
      ),
    ),
    ...rows.assignments.map((a) =>
      event(
        a.tenant,
        a.assignedAt,
        'queue.task-assigned',
        [a.queueId, a.assignmentId],
        present({
          queueId: a.queueId,
          taskId: a.taskId,
          assignmentId: a.assignmentId,
          raterId: a.raterId,
          ordinal: a.ordinal,
          shownOrder: a.shownOrder,
          baseOrder: a.baseOrder,
        }),
      ),
    ),
    ...rows.completions.map((c) =>
      event(
        c.tenant,
        c.completedAt,
        'queue.assignment-completed',
        [c.queueId, c.assignmentId],
        present({
          queueId: c.queueId,
          taskId: c.taskId,
          assignmentId: c.assignmentId,
          annotationId: c.annotationId,
          completedAt: c.completedAt,
        }),
      ),
    ),
  ];
}

/** `hindsight queues export-events`: puts queue rows that predate queue events on Kafka, so a replay rebuilds them. */
export const registerQueuesCommands: CommandRegistrar = (program) => {
  const queues = program.command('queues').description('annotation queues');
  queues
    .command('export-events')
    .description(
      'publish queue.* events for the queue rows that have none (written before queues were events); run with the projector caught up; safe to repeat',
    )
    .option('--tenant <tenant>', "only this tenant's queues")
    .option('--dry-run', 'count what would be published, publish nothing')
    .option('--json', 'print {"queues","tasks","assignments","completions","published"}')
    .action(async (o: { tenant?: string; dryRun?: boolean; json?: boolean }) => {
      const config = loadPlatformConfig();
      const result = await withDatabase(async (ds) => {
        const rows = await new QueueExportRepository(ds).unexported(o.tenant ?? null);
        const events = queueExportEvents(rows);
        const counts = {
          queues: rows.queues.length,
          tasks: rows.tasks.length,
          assignments: rows.assignments.length,
          completions: rows.completions.length,
        };
        if (o.dryRun || events.length === 0) return { ...counts, published: 0 };
        const publisher = createEventPublisher(config.kafka, 'cli');
        try {
          await publisher.publish(
            events.map((e) => ({
              topic: topicName(config.kafka.topicPrefix, topicOf(e.type)),
              key: partitionKey(e),
              headers: eventHeaders(e),
              value: JSON.stringify(e),
            })),
          );
        } catch (error) {
          throw new UnavailableError(
            'kafka',
            `${error instanceof Error ? error.message : String(error)}; nothing is lost: run the export again`,
          );
        } finally {
          await publisher
            .close()
            .catch((error: unknown) =>
              process.stderr.write(
                `hindsight: closing the Kafka producer failed: ${error instanceof Error ? error.message : String(error)}\n`,
              ),
            );
        }
        return { ...counts, published: events.length };
      });
      process.stdout.write(
        o.json
          ? `${JSON.stringify(result)}\n`
          : `${result.published} events published (${result.queues} queues, ${result.tasks} tasks, ${result.assignments} assignments, ${result.completions} completions)\n`,
      );
    });
};
