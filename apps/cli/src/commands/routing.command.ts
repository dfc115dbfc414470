import { randomBytes } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7, ValidationError } from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { RoutingRuleBook, routingMessage, type RoutingRuleSpec, type RoutingRuleView } from '@hindsight/routing';
import { SystemClock } from '@hindsight/runtime';
import { queueExists, RoutingRepository, type DataSource } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

/** The rule use cases as the api runs them: each change published as a `routing-rule.*` event (acknowledged) first. */
async function withRuleBook<T>(work: (book: RoutingRuleBook, ds: DataSource) => Promise<T>): Promise<T> {
  return withDatabase(async (ds) => {
    const config = loadPlatformConfig();
    const publisher = createEventPublisher(config.kafka, 'cli');
    const repository = new RoutingRepository(ds);
    try {
      const book = new RoutingRuleBook({
        ruleEvents: (tenant) => repository.ruleEvents(tenant),
        queueExists: (tenant, id) => queueExists(ds, tenant, id),
        publish: (event) => publisher.publish([routingMessage(event, config.kafka.topicPrefix)]),
        clock: new SystemClock(),
        newId: () => formatUuidV7(Date.now(), randomBytes(10)),
        newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
        source: 'cli',
      });
      return await work(book, ds);
    } finally {
      await publisher.close().catch(() => undefined);
    }
  });
}

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');

const numberOf = (value: string | undefined, flag: string): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new ValidationError([{ path: flag, rule: 'must be a number' }]);
  return n;
};

interface CreateOptions {
  tenant: string;
  name: string;
  rate: string;
  mode: string;
  maxRate?: string;
  surfaces?: string;
  modelVersions?: string;
  locales?: string;
  objectives?: string;
  feedbackKinds?: string;
  outcomes?: string;
  minPromptChars?: string;
  maxPromptChars?: string;
  action: string;
  queue?: string;
  pairWithModel?: string;
  endpoint?: string;
  json?: boolean;
}

/** The flags → a rule spec; the event's schema then checks every field and names the ones at fault. */
export function specOf(o: CreateOptions): RoutingRuleSpec {
  const outcomes = list(o.outcomes)?.map((entry) => {
    const [outcome, success] = entry.split(':');
    return success === undefined ? { outcome } : { outcome, success: success === 'true' };
  });
  const min = numberOf(o.minPromptChars, '--min-prompt-chars');
  const max = numberOf(o.maxPromptChars, '--max-prompt-chars');
  const filter = Object.fromEntries(
    Object.entries({
      surfaces: list(o.surfaces),
      modelVersions: list(o.modelVersions),
      locales: list(o.locales),
      objectives: list(o.objectives),
      feedbackKinds: list(o.feedbackKinds),
      outcomes,
      promptLength:
        min === undefined && max === undefined
          ? undefined
          : { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) },
    }).filter(([, v]) => v !== undefined),
  );
  const rate = numberOf(o.rate, '--rate');
  const maxRate = numberOf(o.maxRate, '--max-rate');
  const action =
    o.action === 'task'
      ? {
          kind: 'annotation-task',
          queueId: o.queue,
          ...(o.pairWithModel ? { pairWith: { modelVersion: o.pairWithModel } } : {}),
        }
      : o.action === 'webhook'
        ? { kind: 'webhook', endpoint: o.endpoint }
        : o.action === 'review'
          ? { kind: 'review' }
          : undefined;
  if (action === undefined) throw new ValidationError([{ path: 'action', rule: 'must be task, review or webhook' }]);
  return {
    name: o.name,
    filter,
    sampling: { mode: o.mode, rate, ...(maxRate === undefined ? {} : { maxRate }) },
    action,
  } as RoutingRuleSpec;
}

function printRules(views: readonly RoutingRuleView[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(views)}\n`);
    return;
  }
  process.stdout.write(
    `${'id'.padEnd(38)}${'name'.padEnd(28)}${'status'.padEnd(8)}${'rev'.padEnd(5)}${'sampling'.padEnd(18)}action\n`,
  );
  for (const v of views) {
    const action =
      v.action.kind === 'annotation-task'
        ? `task → ${v.action.queueId}`
        : v.action.kind === 'webhook'
          ? `webhook → ${v.action.endpoint}`
          : 'review';
    process.stdout.write(
      `${v.ruleId.padEnd(38)}${v.name.slice(0, 27).padEnd(28)}${v.status.padEnd(8)}${String(v.revision).padEnd(5)}${`${v.sampling.mode} ${v.sampling.rate}`.padEnd(18)}${action}\n`,
    );
  }
}

export const registerRoutingCommands: CommandRegistrar = (program) => {
  const routing = program
    .command('routing')
    .description('routing rules: which production interactions go to annotators, a review list or a webhook');
  routing
    .command('create')
    .description(
      'create a routing rule (publishes routing-rule.created); the scheduler routes interactions recorded from now on',
    )
    .requiredOption('--tenant <tenant>', 'the tenant whose traffic the rule routes')
    .requiredOption('--name <name>', 'a label')
    .requiredOption('--rate <p>', 'sampling rate, 0 to 1 (stratified: the budget, as the uniform rate)')
    .option('--mode <mode>', 'uniform or stratified', 'uniform')
    .option('--max-rate <p>', 'stratified: the highest rate a cell is raised to')
    .option('--surfaces <list>', 'only these surfaces')
    .option('--model-versions <list>', 'only these model versions')
    .option('--locales <list>', 'only these locales')
    .option('--objectives <list>', 'only these objectives')
    .option(
      '--feedback-kinds <list>',
      'only interactions with feedback of one of these kinds (thumbs-down,correction,…)',
    )
    .option('--outcomes <list>', 'only interactions with one of these outcomes, name or name:true|false')
    .option('--min-prompt-chars <n>', 'only prompts at least this long')
    .option('--max-prompt-chars <n>', 'only prompts at most this long')
    .requiredOption(
      '--action <action>',
      'task (annotation task in --queue), review (the review list) or webhook (--endpoint)',
    )
    .option('--queue <queue-id>', 'task: the annotation queue')
    .option(
      '--pair-with-model <version>',
      "task: the second response comes from this model version's logged interactions of the same prompt",
    )
    .option('--endpoint <id>', 'webhook: the endpoint id the outbound webhooks deliver to')
    .option('--json', 'print JSON')
    .action(async (o: CreateOptions) => {
      const view = await withRuleBook((book) => book.create(o.tenant, specOf(o)));
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : `${view.ruleId}\n`);
    });
  routing
    .command('list')
    .description("the tenant's routing rules (as the projector has stored their events)")
    .requiredOption('--tenant <tenant>', 'the tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; json?: boolean }) =>
      printRules(await withRuleBook((b) => b.list(o.tenant)), o.json),
    );
  routing
    .command('show <rule-id>')
    .description(
      'one rule, its versions, and the interactions it routed, newest first (the review list of a review rule)',
    )
    .requiredOption('--tenant <tenant>', "the rule's tenant")
    .option('--limit <n>', 'routed interactions to list (1–500)', '20')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { tenant: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500)
        throw new ValidationError([{ path: 'limit', rule: 'must be an integer from 1 to 500' }]);
      const { rule, routed, counts } = await withRuleBook(async (book, ds) => {
        const repository = new RoutingRepository(ds);
        return {
          rule: await book.show(o.tenant, id),
          routed: await repository.routed(o.tenant, id, limit),
          counts: (await repository.routedCounts(o.tenant)).get(id) ?? { routed: 0, tasks: 0 },
        };
      });
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify({ ...rule, routedCount: counts.routed, tasksCreated: counts.tasks, routed })}\n`,
        );
        return;
      }
      printRules([rule], false);
      process.stdout.write(`routed ${counts.routed}, tasks made ${counts.tasks}\n`);
      for (const r of routed)
        process.stdout.write(
          `${r.routedAt}  ${r.interactionId}  ${r.action}${r.unpaired ? ' (no second response)' : ''}  ${r.erased ? '[erased]' : JSON.stringify((r.prompt ?? '').slice(0, 80))}\n`,
        );
    });
  routing
    .command('pause <rule-id>')
    .description('pause a rule (publishes routing-rule.paused): interactions recorded from now on are not routed by it')
    .requiredOption('--tenant <tenant>', "the rule's tenant")
    .option('--json', 'print JSON')
    .action(async (id: string, o: { tenant: string; json?: boolean }) => {
      const view = await withRuleBook((book) => book.pause(o.tenant, id));
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : `${view.status} ${view.ruleId} (${view.name})\n`);
    });
};
