import { randomBytes } from 'node:crypto';
import { formatUuidV7, ValidationError, type BlendWeightsAssigned } from '@hindsight/contracts';
import { BlendWeightsRepository, ModelRegistryRepository } from '@hindsight/store';
import { ModelFamilyViews } from '@hindsight/training';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';

/**
 * `--weight group=w`, repeatable, as a weights object.
 * @throws ValidationError naming `--weight` when an entry is not `group=number`.
 */
export function parseWeightFlags(entries: readonly string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const entry of entries) {
    const at = entry.lastIndexOf('=');
    const value = at > 0 ? Number(entry.slice(at + 1)) : NaN;
    if (at <= 0 || entry.slice(at + 1).trim() === '' || !Number.isFinite(value))
      throw new ValidationError([{ path: '--weight', rule: `must be group=number (got "${entry}")` }]);
    weights[entry.slice(0, at)] = value;
  }
  return weights;
}

/** `hindsight blend set|list`: governance's weights for blending per-group reward models. */
export const registerBlendCommands: CommandRegistrar = (program) => {
  const blend = program
    .command('blend')
    .description("governance's weights for blending an objective's per-group reward models into the published one");
  blend
    .command('set')
    .description(
      'publish blend.weights-assigned: per-group runs with a later as-of time publish the blend by these weights',
    )
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--objective <objective>', 'objective')
    .requiredOption(
      '--field <field>',
      'rater profile field the groups are split by: group, language, region, expertise',
    )
    .requiredOption(
      '--weight <group=w>',
      'weight of one group (repeat; a group not named counts 0)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .requiredOption('--by <who>', 'who decided (an id)')
    .requiredOption('--reason <why>', 'why')
    .option('--json', 'print the published event')
    .action(
      async (o: {
        tenant: string;
        objective: string;
        field: string;
        weight: string[];
        by: string;
        reason: string;
        json?: boolean;
      }) => {
        const body = {
          objective: o.objective,
          field: o.field,
          weights: parseWeightFlags(o.weight),
          reason: o.reason,
          setBy: o.by,
        };
        const event: BlendWeightsAssigned = await withRecordPublisher((publish) =>
          new ModelFamilyViews(
            { listByRun: async () => [] },
            { history: async () => [] },
            {
              publish,
              newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
              source: 'cli',
            },
          ).setBlendWeights(o.tenant, body, null, new Date()),
        );
        process.stdout.write(
          o.json
            ? `${JSON.stringify(event)}\n`
            : `blend weights for ${o.objective} by ${o.field} set: ${JSON.stringify(event.data.weights)} (event ${event.id})\n`,
        );
      },
    );
  blend
    .command('list')
    .description("the tenant's weight decisions, newest first (read from the event store)")
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--objective <objective>', 'only this objective')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; objective?: string; json?: boolean }) => {
      const result = await withDatabase((ds) =>
        new ModelFamilyViews(new ModelRegistryRepository(ds), new BlendWeightsRepository(ds)).blendWeights(
          o.tenant,
          o.objective,
        ),
      );
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.items.length === 0) process.stdout.write('no blend weights set\n');
      else
        for (const w of result.items)
          process.stdout.write(
            `${w.setAt}  ${w.objective} by ${w.field}  ${JSON.stringify(w.weights)}  set by ${w.setBy}: ${w.reason}\n`,
          );
    });
};
