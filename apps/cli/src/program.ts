import { Command } from 'commander';
import type { CommandRegistrar } from './commands/command-registrar';
import { registerBtCommands } from './commands/bt.command';
import { registerDatasetCommands } from './commands/dataset.command';
import { registerDbCommands } from './commands/db.command';
import { registerDlqCommands } from './commands/dlq.command';
import { registerReplayCommands } from './commands/replay.command';
import { registerImportCommands } from './commands/import.command';
import { registerKeysCommands } from './commands/keys.command';
import { registerQualityCommands } from './commands/quality.command';
import { registerQualityReportCommands } from './commands/quality-report.command';
import { registerSimulateCommands } from './commands/simulate.command';
import { registerPolicyCommands } from './commands/policy.command';
import { registerRetrainCommands } from './commands/retrain.command';
import { registerModelsCommands } from './commands/models.command';
import { registerRunsCommands } from './commands/runs.command';
import { registerKekCommands } from './commands/kek.command';
import { registerQueuesCommands } from './commands/queues.command';
import { registerRecordsCommands } from './commands/records.command';
import { registerTailCommands } from './commands/tail.command';

const registrars: CommandRegistrar[] = [registerDbCommands, registerDatasetCommands, registerReplayCommands, registerDlqCommands, registerKeysCommands, registerQualityCommands, registerQualityReportCommands, registerSimulateCommands, registerBtCommands, registerPolicyCommands, registerRetrainCommands, registerImportCommands, registerModelsCommands, registerRunsCommands, registerQueuesCommands, registerRecordsCommands, registerKekCommands, registerTailCommands];

/** The `hindsight` program with every command registered; main.ts runs it, tests drive it. */
export function buildProgram(): Command {
  const program = new Command('hindsight')
    .description('Hindsight: event-sourced feedback for continuous reward-model retraining')
    .showHelpAfterError()
    .exitOverride();
  for (const register of registrars) register(program);
  return program;
}
