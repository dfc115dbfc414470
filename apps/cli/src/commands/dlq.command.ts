import { loadPlatformConfig } from '@hindsight/config';
import { DEAD_LETTER_HEADERS, NotFoundError, ValidationError } from '@hindsight/contracts';
import { createKafka, publishRaw } from '@hindsight/kafka';
import { DeadLetterRepository } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

export const registerDlqCommands: CommandRegistrar = (program) => {
  const dlq = program.command('dlq').description('messages the projector could not apply (dead letters)');
  dlq
    .command('list')
    .description('show dead letters with their reason and source position')
    .option('--all', 'include the ones already re-driven')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON (values as UTF-8 text)')
    .action(async (o: { all?: boolean; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new ValidationError([{ path: '--limit', rule: 'must be a positive integer' }]);
      const rows = await withDatabase((ds) =>
        new DeadLetterRepository(ds).list({ includeReplayed: o.all === true, limit }),
      );
      if (o.json) {
        process.stdout.write(
          `${JSON.stringify(rows.map((r) => ({ ...r, key: r.key?.toString('utf8') ?? null, value: r.value?.toString('utf8') ?? null })))}\n`,
        );
        return;
      }
      if (rows.length === 0) process.stdout.write('no dead letters\n');
      for (const r of rows) {
        process.stdout.write(
          `#${r.id}  ${r.topic}[${r.partition}]@${r.offset}  ${r.createdAt}${r.replayedAt ? `  re-driven ${r.replayedAt}` : ''}\n    ${r.reason}\n`,
        );
      }
    });
  dlq
    .command('replay')
    .description(
      're-drive dead letters: publish their original bytes to their original topic again (after a fix or an upcaster)',
    )
    .option('--id <ids...>', 'dead-letter ids (see dlq list)')
    .option('--all', 'every dead letter not yet re-driven')
    .option('--json', 'print JSON')
    .action(async (o: { id?: string[]; all?: boolean; json?: boolean }) => {
      if ((o.id === undefined) === (o.all !== true))
        throw new ValidationError([{ path: '--id|--all', rule: 'give exactly one of the two' }]);
      const badIds = (o.id ?? []).filter((id) => !/^\d{1,18}$/.test(id));
      if (badIds.length > 0)
        throw new ValidationError(
          badIds.map((id) => ({
            path: '--id',
            rule: `must be a dead-letter id as dlq list shows it (a number), got "${id}"`,
          })),
        );
      const config = loadPlatformConfig();
      const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-dlq` });
      const replayed = await withDatabase(async (ds) => {
        const repository = new DeadLetterRepository(ds);
        const rows = o.all
          ? await repository.list({ includeReplayed: false, limit: 1_000_000 })
          : await repository.byIds(o.id!);
        if (o.id) for (const id of o.id) if (!rows.some((r) => r.id === id)) throw new NotFoundError('dead letter', id);
        const byTopic = new Map<string, typeof rows>();
        for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
        for (const [topic, letters] of byTopic) {
          await publishRaw(
            kafka,
            topic,
            letters.map((l) => ({
              key: l.key,
              value: l.value,
              headers: {
                ...Object.fromEntries(
                  Object.entries(l.headers).filter(([k]) => !Object.values(DEAD_LETTER_HEADERS).includes(k as never)),
                ),
                'hindsight-redriven-from': `${l.topic}:${l.partition}:${l.offset}`,
              },
            })),
          );
        }
        await repository.markReplayed(rows.map((r) => r.id));
        return rows.map((r) => r.id);
      });
      process.stdout.write(
        o.json ? `${JSON.stringify({ replayed })}\n` : `re-drove ${replayed.length} dead letter(s)\n`,
      );
    });
};
