import { randomBytes } from 'node:crypto';
import { backfillKeyEvents } from '@hindsight/access';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, topicName, topicOf, type EventType, type RecordEvent } from '@hindsight/contracts';
import { backfillPolicyEvents } from '@hindsight/scheduling';
import { RecordBackfillRepository } from '@hindsight/store';
import { runKlBudgetAssignedEvent } from '@hindsight/training';
import type { CommandRegistrar } from './command-registrar';
import { nonNegativeInteger } from './integer-flags';
import { awaitProjectorCaughtUp } from './projector-caught-up';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';

/** The first event of each kind of record the command backfills: where their events are published. */
const BACKFILLED_TYPES: readonly EventType[] = ['retrain-policy.created', 'api-key.created', 'run.kl-budget-assigned'];

/**
 * `hindsight records backfill`: publishes the events of policies, API keys and run
 * budgets stored before they were events (rows with no event in the event store),
 * so that `hindsight replay` can rebuild them. Run it once after upgrading, with
 * the projector caught up; running it again publishes nothing new for policies and
 * keys (same idempotency keys) and at most repeats a budget's value.
 */
export const registerRecordsCommands: CommandRegistrar = (program) => {
  const records = program
    .command('records')
    .description('records people create (policies, API keys, run budgets) as events');
  records
    .command('backfill')
    .description('publish the events of records stored before they were events, so a replay rebuilds them')
    .option(
      '--projector-wait <seconds>',
      'how long to wait for the projector to apply what is already on the records topics before refusing',
      nonNegativeInteger('--projector-wait'),
      60,
    )
    .option('--json', 'print {"policies","keys","budgets","events"}')
    .action(async (o: { json?: boolean; projectorWait: number }) => {
      const config = loadPlatformConfig();
      const ctx = { newEventId: () => formatUuidV7(Date.now(), randomBytes(10)), source: 'backfill' };
      const counts = await withDatabase((ds) =>
        withRecordPublisher(async (publish) => {
          const repository = new RecordBackfillRepository(ds);
          await awaitProjectorCaughtUp({
            config,
            topics: [...new Set(BACKFILLED_TYPES.map((t) => topicName(config.kafka.topicPrefix, topicOf(t))))],
            positions: () => repository.projectorPositions(config.kafka.projectorGroupId),
            waitMs: o.projectorWait * 1000,
            because: 'a record counts as without events only once the projector has stored what was published',
            progress: (line) => process.stderr.write(`hindsight: ${line}\n`),
          });
          let events = 0;
          // One record at a time: its events published in order (they share a key), then applied.
          const backfill = async (recordEvents: readonly RecordEvent[]) => {
            for (const event of recordEvents) await publish(event);
            await repository.apply(recordEvents);
            events += recordEvents.length;
          };
          const policies = await repository.policiesWithoutEvents();
          for (const p of policies) await backfill(backfillPolicyEvents(p, ctx));
          const keys = await repository.keysWithoutEvents();
          for (const k of keys) await backfill(backfillKeyEvents(k, ctx));
          const budgets = await repository.budgetsWithoutEvents();
          for (const b of budgets)
            await backfill([
              runKlBudgetAssignedEvent({
                eventId: ctx.newEventId(),
                tenant: b.tenant,
                source: ctx.source,
                runId: b.runId,
                klBudget: b.klBudget,
                at: b.updatedAt,
              }),
            ]);
          return { policies: policies.length, keys: keys.length, budgets: budgets.length, events };
        }),
      );
      process.stdout.write(
        o.json
          ? `${JSON.stringify(counts)}\n`
          : `published ${counts.events} events for ${counts.policies} policies, ${counts.keys} API keys and ${counts.budgets} run budgets\n`,
      );
    });
};
