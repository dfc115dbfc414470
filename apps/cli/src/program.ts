import { Command, CommanderError } from 'commander';
import { codeVersion, codeVersionParts } from '@hindsight/runtime';
import { addCommandHelp, EXIT_CODES } from './command-help';
import type { CommandRegistrar } from './commands/command-registrar';
import { registerBtCommands } from './commands/bt.command';
import { registerDatasetCommands } from './commands/dataset.command';
import { registerDbCommands } from './commands/db.command';
import { registerDlqCommands } from './commands/dlq.command';
import { registerDriftCommands } from './commands/drift.command';
import { registerReplayCommands } from './commands/replay.command';
import { registerImportCommands } from './commands/import.command';
import { registerKeysCommands } from './commands/keys.command';
import { registerQualityCommands } from './commands/quality.command';
import { registerQualityReportCommands } from './commands/quality-report.command';
import { registerSimulateCommands } from './commands/simulate.command';
import { registerPolicyCommands } from './commands/policy.command';
import { registerRoutingCommands } from './commands/routing.command';
import { registerRetrainCommands } from './commands/retrain.command';
import { registerModelsCommands } from './commands/models.command';
import { registerRunsCommands } from './commands/runs.command';
import { registerRedactionCommands } from './commands/redaction.command';
import { registerBlendCommands } from './commands/blend.command';
import { registerKekCommands } from './commands/kek.command';
import { registerQueuesCommands } from './commands/queues.command';
import { registerRecordsCommands } from './commands/records.command';
import { registerTailCommands } from './commands/tail.command';
import { registerWebhooksCommands } from './commands/webhooks.command';

const registrars: CommandRegistrar[] = [
  registerDbCommands,
  registerDatasetCommands,
  registerReplayCommands,
  registerDlqCommands,
  registerKeysCommands,
  registerQualityCommands,
  registerQualityReportCommands,
  registerSimulateCommands,
  registerBtCommands,
  registerPolicyCommands,
  registerRoutingCommands,
  registerRetrainCommands,
  registerImportCommands,
  registerModelsCommands,
  registerRunsCommands,
  registerDriftCommands,
  registerRedactionCommands,
  registerBlendCommands,
  registerQueuesCommands,
  registerRecordsCommands,
  registerKekCommands,
  registerTailCommands,
  registerWebhooksCommands,
];

/** The `hindsight` program with every command registered; main.ts runs it, tests drive it. */
export function buildProgram(): Command {
  const program = new Command('hindsight')
    .description('Hindsight: event-sourced feedback for continuous reward-model retraining')
    .showHelpAfterError()
    .exitOverride()
    // Not commander's .version(string): the commit is looked up (git) only when --version is asked for.
    .option('-V, --version', 'print the package version and the git commit when known, then exit');
  program.on('option:version', () => {
    process.stdout.write(`hindsight ${versionLine()}\n`);
    throw new CommanderError(EXIT_CODES.success, 'hindsight.version', 'version printed');
  });
  for (const register of registrars) register(program);
  addCommandHelp(program);
  return program;
}

/** `0.1.0 (commit 4f3c2a1b9e0d)`; the image's HINDSIGHT_CODE_VERSION (set at docker build) when there is no checkout. */
function versionLine(): string {
  const { version, commit } = codeVersionParts();
  if (commit) return `${version} (commit ${commit})`;
  const fromEnv = process.env.HINDSIGHT_CODE_VERSION;
  return fromEnv && fromEnv !== version ? `${version} (code ${codeVersion()})` : `${version} (commit unknown)`;
}
