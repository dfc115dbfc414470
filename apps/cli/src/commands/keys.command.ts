import { randomBytes } from 'node:crypto';
import { ApiKeys } from '@hindsight/access';
import { ApiKeyRepository } from '@hindsight/store';
import { formatUuidV7, NotFoundError } from '@hindsight/contracts';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher } from './record-publisher';
import { withDatabase } from './with-database';
import { SystemClock } from '@hindsight/runtime';

/** Keys as an operator makes them: each creation and revocation is an `api-key.*` event, published before it is stored. */
const withApiKeys = <T>(work: (keys: ApiKeys) => Promise<T>): Promise<T> =>
  withDatabase((ds) =>
    withRecordPublisher((publish) =>
      work(
        new ApiKeys(new ApiKeyRepository(ds), {
          publish,
          clock: new SystemClock(),
          newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
        }),
      ),
    ),
  );

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export const registerKeysCommands: CommandRegistrar = (program) => {
  const keys = program.command('keys').description('API keys: one tenant and a set of scopes each');
  keys
    .command('create')
    .description('create a key and print it once (only its hash is stored)')
    .requiredOption('--tenant <tenant>', 'the tenant the key writes into and reads from')
    .requiredOption('--scopes <scopes>', 'comma-separated: ingest, read, admin, feedback (browser keys)')
    .option('--name <name>', 'a label to recognise the key by')
    .option('--origins <origins>', 'comma-separated browser origins allowed to use the key (CORS)')
    .option('--rate-limit <n>', 'requests per minute for this key', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(
      async (o: {
        tenant: string;
        scopes: string;
        name?: string;
        origins?: string;
        rateLimit?: number;
        json?: boolean;
      }) => {
        const issued = await withApiKeys((k) =>
          k.issue({
            tenant: o.tenant,
            scopes: list(o.scopes),
            name: o.name,
            allowedOrigins: o.origins ? list(o.origins) : [],
            rateLimitPerMinute: o.rateLimit,
          }),
        );
        if (o.json) process.stdout.write(`${JSON.stringify(issued)}\n`);
        else {
          process.stdout.write(`${issued.key}\n`);
          process.stderr.write(
            `key ${issued.lookupId} for tenant ${issued.tenant}, scopes ${issued.scopes.join(',')}. It is shown only this once.\n`,
          );
        }
      },
    );
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .option('--tenant <tenant>', 'only this tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant?: string; json?: boolean }) => {
      const rows = await withApiKeys((k) => k.list(o.tenant));
      const view = rows.map((r) => ({
        id: r.id,
        lookupId: r.lookupId,
        tenant: r.tenant,
        name: r.name,
        scopes: r.scopes,
        allowedOrigins: r.allowedOrigins,
        rateLimitPerMinute: r.rateLimitPerMinute,
        createdAt: r.createdAt.toISOString(),
        revokedAt: r.revokedAt?.toISOString() ?? null,
      }));
      if (o.json) process.stdout.write(`${JSON.stringify(view)}\n`);
      else {
        process.stdout.write(
          `${'lookup id'.padEnd(14)}${'tenant'.padEnd(20)}${'scopes'.padEnd(24)}${'created'.padEnd(26)}status\n`,
        );
        for (const r of view) {
          process.stdout.write(
            `${r.lookupId.padEnd(14)}${r.tenant.padEnd(20)}${r.scopes.join(',').padEnd(24)}${r.createdAt.padEnd(26)}${r.revokedAt ? `revoked ${r.revokedAt}` : 'active'}\n`,
          );
        }
      }
    });
  keys
    .command('revoke <key-id>')
    .description('revoke a key by its id or lookup id; takes effect on the next request')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const row = await withApiKeys((k) => k.revoke(id));
      if (!row) throw new NotFoundError('API key', id);
      const view = { id: row.id, lookupId: row.lookupId, tenant: row.tenant, revokedAt: row.revokedAt?.toISOString() };
      process.stdout.write(o.json ? `${JSON.stringify(view)}\n` : `revoked ${row.lookupId} (tenant ${row.tenant})\n`);
    });
};
