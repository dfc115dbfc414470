import { loadPlatformConfig } from '@hindsight/config';
import { requireInstant, ValidationError } from '@hindsight/contracts';
import { replayProjections } from '@hindsight/projector-core';
import { createLogger } from '@hindsight/runtime';
import type { CommandRegistrar } from './command-registrar';
import { ProgressBar } from './progress-bar';

interface ReplayOptions {
  fromBeginning?: boolean;
  fromTime?: string;
  marginMinutes: string;
  json?: boolean;
}

export const registerReplayCommands: CommandRegistrar = (program) => {
  program
    .command('replay')
    .description(
      'rebuild every projection from Kafka into a fresh schema, then switch readers to it atomically (blue/green)',
    )
    .option('--from-beginning', 'rebuild everything from the start of every topic')
    .option(
      '--from-time <instant>',
      'keep history recorded before this instant (ISO-8601 with Z or an offset), rebuild from there (recordedAt decides; Kafka timestamps only find the start)',
    )
    .option('--margin-minutes <n>', 'how far before --from-time to start reading Kafka', '10')
    .option('--no-switch', 'stop before switching (leaves the replay schema for inspection)')
    .option('--json', 'progress as JSON lines on stderr and the result as JSON on stdout')
    .action(async (o: ReplayOptions) => {
      if (!o.fromBeginning === (o.fromTime === undefined)) {
        throw new ValidationError([{ path: '--from-beginning|--from-time', rule: 'give exactly one of the two' }]);
      }
      const fromTime = o.fromTime === undefined ? undefined : requireInstant(o.fromTime.trim(), '--from-time');
      const margin = Number(o.marginMinutes);
      if (!(Number.isFinite(margin) && margin >= 0))
        throw new ValidationError([{ path: '--margin-minutes', rule: 'must be a non-negative number' }]);
      const config = loadPlatformConfig();
      const bar = new ProgressBar('replay');
      const result = await replayProjections(
        config,
        createLogger('replay', config.logLevel === 'info' ? 'warn' : config.logLevel),
        { fromTime, marginMs: margin * 60_000, noSwitch: (o as { switch?: boolean }).switch === false },
        (p) => {
          if (o.json) process.stderr.write(`${JSON.stringify(p)}\n`);
          else if (p.phase === 'consuming') bar.update(p.applied, p.target);
        },
      );
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        bar.done(
          `${result.events} events in ${result.seconds.toFixed(1)} s${result.seeded ? ` (+${result.seeded} kept from before --from-time)` : ''}`,
        );
        process.stdout.write(
          result.switched
            ? `switched: the projections now come from the replay; the previous tables are in schema ${result.retiredSchema} (drop it when satisfied)\n`
            : `not switched: the rebuilt projections are in schema ${result.replaySchema}\n`,
        );
      }
    });
};
