import { randomBytes } from 'node:crypto';
import { formatUuidV7, NotFoundError, requireInstant, ValidationError } from '@hindsight/contracts';
import { nextFireTimes, RetrainPolicies, type RetrainPolicyView } from '@hindsight/scheduling';
import { RetrainPolicyRepository } from '@hindsight/store';
import { retrainRecipeIssues } from '@hindsight/training';
import { parse as parseYaml } from 'yaml';
import type { CommandRegistrar } from './command-registrar';
import { readInputTextSync } from './input-file';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';
import { SystemClock } from '@hindsight/runtime';

const MAX_NEXT_COUNT = 1000;

/** The policy use cases as the api runs them: each change published as a `retrain-policy.*` event first, then applied. */
const withPolicies = <T>(
  work: (policies: RetrainPolicies, repository: RetrainPolicyRepository) => Promise<T>,
): Promise<T> =>
  withDatabase((ds) =>
    withRecordPublisher((publish) => {
      const repository = new RetrainPolicyRepository(ds);
      const policies = new RetrainPolicies({
        store: repository,
        publish,
        clock: new SystemClock(),
        newId: () => formatUuidV7(Date.now(), randomBytes(10)),
        newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
        source: 'cli',
        inlineRecipeIssues: (inline) => retrainRecipeIssues(inline, 'recipe.inline'),
      });
      return work(policies, repository);
    }),
  );

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `default@3` → `{ id: 'default', version: 3 }`, plus the inline document from `--recipe-file` (YAML, or JSON, which is YAML too). */
function recipeOf(reference: string, file: string | undefined): Record<string, unknown> {
  const match = /^([^@\s]+)@(\d+)$/.exec(reference.trim());
  if (!match) throw new ValidationError([{ path: 'recipe', rule: 'must be <id>@<version>, e.g. default@1' }]);
  const recipe: Record<string, unknown> = { id: match[1], version: Number(match[2]) };
  if (file !== undefined) {
    let inline: unknown;
    try {
      inline = parseYaml(readInputTextSync(file, '--recipe-file'));
    } catch (error) {
      throw new ValidationError([
        {
          path: 'recipe.inline',
          rule: `must be a readable YAML or JSON file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
        },
      ]);
    }
    recipe.inline = inline;
  }
  return recipe;
}

/** The tenant of a policy: as given, or looked up by id (the CLI talks to the database directly, as an operator). */
async function tenantOf(repository: RetrainPolicyRepository, id: string, tenant: string | undefined): Promise<string> {
  if (tenant !== undefined) return tenant;
  const found = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ? await repository.findAnyTenant(id)
    : undefined;
  if (!found) throw new NotFoundError('retrain policy', id);
  return found.tenant;
}

function printPolicies(views: readonly RetrainPolicyView[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(views)}\n`);
    return;
  }
  process.stdout.write(
    `${'id'.padEnd(38)}${'tenant'.padEnd(20)}${'name'.padEnd(24)}${'cadence'.padEnd(18)}${'timezone'.padEnd(20)}${'status'.padEnd(8)}next fire\n`,
  );
  for (const v of views) {
    process.stdout.write(
      `${v.id.padEnd(38)}${v.tenant.padEnd(20)}${v.name.padEnd(24)}${v.cadence.padEnd(18)}${v.timezone.padEnd(20)}${v.status.padEnd(8)}${v.nextFireAt ?? '-'}\n`,
    );
  }
}

interface NextOptions {
  cron: string;
  tz: string;
  from?: string;
  count: string;
  json?: boolean;
}

/** `policy next`: pure, no database. */
function printNext(o: NextOptions, now: () => Date): void {
  const count = Number(o.count);
  if (!/^\d+$/.test(o.count) || count < 1 || count > MAX_NEXT_COUNT)
    throw new ValidationError([{ path: 'count', rule: `must be an integer from 1 to ${MAX_NEXT_COUNT}` }]);
  const from = o.from === undefined ? now() : new Date(requireInstant(o.from.trim(), '--from'));
  const times = nextFireTimes(o.cron, o.tz, from, count).map((t) => t.toISOString());
  if (o.json) process.stdout.write(`${JSON.stringify({ cron: o.cron, tz: o.tz, from: from.toISOString(), times })}\n`);
  else process.stdout.write(times.map((t) => `${t}\n`).join(''));
}

export const registerPolicyCommands: CommandRegistrar = (program) => {
  const policy = program.command('policy').description('retrain policies: when each tenant retrains its reward models');
  policy
    .command('create')
    .description(
      'create a policy (a cadence in a time zone, objectives, a dataset recipe, catch-up mode, early triggers)',
    )
    .requiredOption('--tenant <tenant>', 'the tenant whose reward models the policy retrains')
    .requiredOption('--name <name>', "a name, unique among the tenant's policies")
    .requiredOption('--cadence <cadence>', 'quarterly, monthly, weekly, or a five-field cron expression ("30 2 * * 1")')
    .option('--tz <zone>', 'IANA time zone the cadence is read in', 'UTC')
    .requiredOption('--objectives <list>', 'comma-separated objectives (helpfulness,harmlessness,…)')
    .requiredOption('--recipe <id@version>', 'the dataset recipe, e.g. default@1')
    .option(
      '--recipe-file <file>',
      'a recipe document (YAML or JSON: a dataset recipe plus optional gates) to keep inline with the policy; checked now (- reads standard input)',
    )
    .option('--catch-up <mode>', 'after downtime: latest-only or all', 'latest-only')
    .option(
      '--min-new-comparisons <n>',
      'also retrain once this many new comparisons arrived since the last retrain',
      (v) => Number(v),
    )
    .option(
      '--drift-threshold <x>',
      'also retrain when prompt drift since the last retrain reaches x (Jensen–Shannon divergence in bits, 0 same to 1 disjoint)',
      (v) => Number(v),
    )
    .option('--json', 'print JSON')
    .action(
      async (o: {
        tenant: string;
        name: string;
        cadence: string;
        tz: string;
        objectives: string;
        recipe: string;
        recipeFile?: string;
        catchUp: string;
        minNewComparisons?: number;
        driftThreshold?: number;
        json?: boolean;
      }) => {
        const input = {
          name: o.name,
          cadence: o.cadence,
          timezone: o.tz,
          objectives: list(o.objectives),
          recipe: recipeOf(o.recipe, o.recipeFile),
          catchUp: o.catchUp,
          ...(o.minNewComparisons === undefined ? {} : { minNewComparisons: o.minNewComparisons }),
          ...(o.driftThreshold === undefined ? {} : { driftThreshold: o.driftThreshold }),
        };
        const view = await withPolicies((p) => p.create(o.tenant, input));
        if (o.json) process.stdout.write(`${JSON.stringify(view)}\n`);
        else process.stdout.write(`${view.id}\n`);
      },
    );
  policy
    .command('list')
    .description('list live policies')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant?: string; json?: boolean }) =>
      printPolicies(await withPolicies((p) => p.list(o.tenant)), o.json),
    );
  for (const [name, description] of [
    ['pause', 'stop a policy firing (periods that pass while paused are not caught up)'],
    ['resume', 'let a paused policy fire again from its next period'],
  ] as const) {
    policy
      .command(`${name} <policy-id>`)
      .description(description)
      .option('--tenant <tenant>', "the policy's tenant (looked up when omitted)")
      .option('--json', 'print JSON')
      .action(async (id: string, o: { tenant?: string; json?: boolean }) => {
        const view = await withPolicies(async (p, repository) => p[name](await tenantOf(repository, id, o.tenant), id));
        process.stdout.write(
          o.json ? `${JSON.stringify(view)}\n` : `${view.status} ${view.id} (${view.name}, tenant ${view.tenant})\n`,
        );
      });
  }
  policy
    .command('delete <policy-id>')
    .description('delete a policy (its past runs stay on record)')
    .option('--tenant <tenant>', "the policy's tenant (looked up when omitted)")
    .option('--json', 'print JSON')
    .action(async (id: string, o: { tenant?: string; json?: boolean }) => {
      await withPolicies(async (p, repository) => p.delete(await tenantOf(repository, id, o.tenant), id));
      process.stdout.write(o.json ? `${JSON.stringify({ id, deleted: true })}\n` : `deleted ${id}\n`);
    });
  policy
    .command('next')
    .description('print the next fire times of a cadence as UTC instants (no database needed)')
    .requiredOption('--cron <cadence>', 'quarterly, monthly, weekly, or a five-field cron expression')
    .option('--tz <zone>', 'IANA time zone the cadence is read in', 'UTC')
    .option('--from <instant>', 'start after this ISO-8601 instant (default: now)')
    .option('--count <n>', `how many (1-${MAX_NEXT_COUNT})`, '8')
    .option('--json', 'print {"cron","tz","from","times":[...]}')
    .action((o: NextOptions) => printNext(o, () => new Date()));
};
