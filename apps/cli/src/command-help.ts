import type { Command } from 'commander';
import { configVariables, type ConfigVariable } from '@hindsight/config';
import { ARTIFACT_VARIABLES } from '@hindsight/training';

/** The exit codes of every command (main.ts maps errors to them). */
export const EXIT_CODES = {
  success: 0,
  failure: 1,
  badInput: 2,
  unavailable: 3,
} as const;

const EXIT_CODE_MEANINGS: Readonly<Record<keyof typeof EXIT_CODES, string>> = {
  success: 'success',
  failure: 'failure (a bug, or an error not listed below)',
  badInput: 'bad input: a flag, file or configuration variable that breaks a rule (the message names it)',
  unavailable: 'a dependency (Kafka, PostgreSQL, the api) is unavailable: retry when it is back',
};

/** The CLI's own variables (the platform's are libs/config's configVariables); the README's config table lists them. */
export const CLI_VARIABLES = {
  HINDSIGHT_API_URL: { default: 'none (simulate: http://127.0.0.1:8080)', meaning: 'api base URL (--api overrides)' },
  HINDSIGHT_API_KEY: {
    default: 'none',
    meaning: 'API key (--key overrides): the ingest scope for simulate and import, read for tail',
  },
} as const;

/** What a command talks to; each need names the variables it reads. */
type Need = 'database' | 'kafka' | 'kek' | 'api' | 'artifacts';

const VARIABLES_OF_NEED: Readonly<Record<Need, readonly string[]>> = {
  database: ['DATABASE_URL', 'DATABASE_SCHEMA'] satisfies ConfigVariable[],
  kafka: ['KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX', 'KAFKA_CLIENT_ID'] satisfies ConfigVariable[],
  kek: ['HINDSIGHT_KEK', 'HINDSIGHT_KEK_FILE', 'HINDSIGHT_HOME'] satisfies ConfigVariable[],
  api: Object.keys(CLI_VARIABLES),
  artifacts: ['ARTIFACTS_DIR'],
};

const DEFINITIONS: Readonly<Record<string, { readonly default: string; readonly meaning: string }>> = {
  ...configVariables,
  ...CLI_VARIABLES,
  ...ARTIFACT_VARIABLES,
};

/** Every leaf command: what it needs and one example. A unit test fails when a command is missing here. */
export const COMMAND_HELP: Readonly<Record<string, { readonly needs: readonly Need[]; readonly example: string }>> = {
  'db migrate': { needs: ['database'], example: 'hindsight db migrate' },
  'dataset build': {
    needs: ['database'],
    example: 'hindsight dataset build --tenant acme --as-of 2026-09-30T23:59:59Z --recipe recipe.yaml --out out/2026q3',
  },
  'dataset diff': { needs: [], example: 'hindsight dataset diff out/2026q2 out/2026q3' },
  replay: { needs: ['database', 'kafka', 'kek'], example: 'hindsight replay' },
  'dlq list': { needs: ['database'], example: 'hindsight dlq list --limit 20' },
  'dlq replay': { needs: ['database', 'kafka'], example: 'hindsight dlq replay --id 42 43' },
  'keys create': {
    needs: ['database', 'kafka'],
    example: 'hindsight keys create --tenant acme --scopes ingest,read --name importer',
  },
  'keys list': { needs: ['database'], example: 'hindsight keys list --tenant acme' },
  'keys revoke': { needs: ['database', 'kafka'], example: 'hindsight keys revoke 0191f2c4-…' },
  'quality agreement': {
    needs: [],
    example:
      'hindsight quality agreement --metric fleiss --input labels.csv   (or: cat labels.csv | hindsight quality agreement --metric fleiss --input -)',
  },
  'quality raters': { needs: [], example: 'hindsight quality raters --input labels.csv' },
  'quality report': {
    needs: ['database'],
    example: 'hindsight quality report --tenant acme --as-of 2026-09-30T23:59:59Z --target-profile target.yaml',
  },
  tail: { needs: ['api'], example: 'hindsight tail --tenant acme --type comparison.recorded --json' },
  simulate: { needs: ['api'], example: 'hindsight simulate --tenant acme --key hsk_…' },
  'bt fit': {
    needs: [],
    example: 'hindsight bt fit --input matches.csv   (or: cat matches.csv | hindsight bt fit --input -)',
  },
  'policy create': {
    needs: ['database', 'kafka'],
    example:
      'hindsight policy create --tenant acme --name nightly --cadence "30 2 * * *" --objectives helpfulness --recipe default@1',
  },
  'policy list': { needs: ['database'], example: 'hindsight policy list --tenant acme' },
  'policy pause': { needs: ['database', 'kafka'], example: 'hindsight policy pause 0191f2c4-…' },
  'policy resume': { needs: ['database', 'kafka'], example: 'hindsight policy resume 0191f2c4-…' },
  'policy delete': { needs: ['database', 'kafka'], example: 'hindsight policy delete 0191f2c4-…' },
  'routing create': {
    needs: ['database', 'kafka'],
    example:
      'hindsight routing create --tenant acme --name checkout-thumbs-down --surfaces checkout --feedback-kinds thumbs-down --rate 0.1 --action task --queue explain-1 --pair-with-model m-2026-10',
  },
  'routing list': { needs: ['database'], example: 'hindsight routing list --tenant acme' },
  'routing show': { needs: ['database'], example: 'hindsight routing show 0191f2c4-… --tenant acme --limit 20' },
  'routing pause': { needs: ['database', 'kafka'], example: 'hindsight routing pause 0191f2c4-… --tenant acme' },
  'policy next': { needs: [], example: 'hindsight policy next --cron quarterly --tz Europe/Paris' },
  retrain: { needs: ['database', 'kafka'], example: 'hindsight retrain --policy 0191f2c4-… --per-group region' },
  import: {
    needs: ['api'],
    example:
      'hindsight import hh-rlhf.jsonl.gz --api http://127.0.0.1:8080 --key hsk_…   (or: zcat hh.jsonl.gz | hindsight import - --dataset hh-rlhf)',
  },
  'models list': { needs: ['database'], example: 'hindsight models list --tenant acme --objective helpfulness' },
  'models show': { needs: ['database'], example: 'hindsight models show helpfulness-v3 --tenant acme' },
  'models compare': {
    needs: ['database', 'artifacts'],
    example: 'hindsight models compare helpfulness-v2 helpfulness-v3 --tenant acme',
  },
  'models audit': {
    needs: ['database', 'kafka', 'artifacts'],
    example: 'hindsight models audit helpfulness-v3 --tenant acme --json',
  },
  'runs list': { needs: ['database'], example: 'hindsight runs list --tenant acme' },
  'runs show': { needs: ['database'], example: 'hindsight runs show 0191f2c4-… --tenant acme' },
  'redaction show': { needs: ['database'], example: 'hindsight redaction show --tenant acme --json' },
  'redaction set': {
    needs: ['database', 'kafka'],
    example: "hindsight redaction set --tenant acme --mode redact --phone-region GB --custom 'ticket:i=TCK-\\d{6}'",
  },
  drift: {
    needs: ['database'],
    example: 'hindsight drift --tenant acme --objective helpfulness --surface chat --json',
  },
  'runs budget': { needs: ['database', 'kafka'], example: 'hindsight runs budget 0191f2c4-… --tenant acme --kl 0.5' },
  'runs disagreement': {
    needs: ['database'],
    example: 'hindsight runs disagreement 0191f2c4-… --tenant acme --json',
  },
  'blend set': {
    needs: ['kafka'],
    example:
      "hindsight blend set --tenant acme --objective helpfulness --field group --weight cohort-a=1 --weight cohort-b=1 --by review-board --reason 'equal say'",
  },
  'blend list': { needs: ['database'], example: 'hindsight blend list --tenant acme --objective helpfulness' },
  'queues export-events': { needs: ['database', 'kafka'], example: 'hindsight queues export-events --dry-run' },
  'records backfill': { needs: ['database', 'kafka'], example: 'hindsight records backfill --json' },
  'kek init': { needs: ['kek'], example: 'hindsight kek init' },
  'webhooks create': {
    needs: ['database', 'kafka', 'kek'],
    example:
      'hindsight webhooks create --tenant acme --url https://ops.example.com/hindsight --kinds retrain.failed,drift.threshold-exceeded',
  },
  'webhooks list': { needs: ['database'], example: 'hindsight webhooks list --tenant acme --json' },
  'webhooks delete': { needs: ['database', 'kafka', 'kek'], example: 'hindsight webhooks delete wh-ops --tenant acme' },
  'webhooks deliveries': {
    needs: ['database'],
    example: 'hindsight webhooks deliveries --tenant acme --status dead --json',
  },
  'kek status': { needs: ['database', 'kek'], example: 'hindsight kek status' },
  'kek rotate': { needs: ['database', 'kafka', 'kek'], example: 'hindsight kek rotate' },
  'kek retire': { needs: ['database', 'kek'], example: 'hindsight kek retire kek-3415be32aa3fc79b' },
  'kek migrate': { needs: ['database', 'kafka', 'kek'], example: 'hindsight kek migrate' },
};

/** The path of a command below the program: 'policy create'. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function leafCommands(program: Command): Command[] {
  return program.commands.flatMap((c) => (c.commands.length === 0 ? [c] : leafCommands(c)));
}

function exitCodesText(): string {
  return [
    'Exit codes:',
    ...(Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]).map(
      (k) => `  ${EXIT_CODES[k]}  ${EXIT_CODE_MEANINGS[k]}`,
    ),
  ].join('\n');
}

/** The help text after a command's options: an example, the variables it reads (with defaults), the exit codes. */
export function commandHelpText(path: string): string {
  const entry = COMMAND_HELP[path];
  if (!entry) throw new Error(`command-help: no entry for "hindsight ${path}" in COMMAND_HELP`);
  const variables = [...new Set(entry.needs.flatMap((need) => VARIABLES_OF_NEED[need]))];
  const width = Math.max(0, ...variables.map((v) => v.length));
  const environment =
    variables.length === 0
      ? ['Environment: none (works offline on its input)']
      : [
          'Environment:',
          ...variables.map(
            (v) =>
              `  ${v.padEnd(width)}  ${DEFINITIONS[v].meaning} (default: ${DEFINITIONS[v].default === '' ? 'empty' : DEFINITIONS[v].default})`,
          ),
        ];
  return ['', 'Example:', `  ${entry.example}`, '', ...environment, '', exitCodesText()].join('\n');
}

/** Adds the example, environment and exit codes to every command's --help, and the exit codes to the program's. */
export function addCommandHelp(program: Command): void {
  for (const command of leafCommands(program)) command.addHelpText('after', commandHelpText(commandPath(command)));
  program.addHelpText(
    'after',
    `\n${exitCodesText()}\n\nEach command's --help shows an example and the environment variables it reads.`,
  );
}
