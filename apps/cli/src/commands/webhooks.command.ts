import { randomBytes, randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import { formatUuidV7 } from '@hindsight/contracts';
import { loadLocalKeyRing } from '@hindsight/shredding';
import { applyWebhookRecord, WebhookRepository, type DataSource, type WebhookDeliveryItem } from '@hindsight/store';
import { WebhookSubscriptions, type WebhookView } from '@hindsight/webhooks';
import type { CommandRegistrar } from './command-registrar';
import { withRecordPublisher, type PublishRecord } from './record-publisher';
import { withDatabase } from './with-database';

const subscriptionsOf = (ds: DataSource, publish?: PublishRecord) =>
  new WebhookSubscriptions(new WebhookRepository(ds), () => loadLocalKeyRing(loadPlatformConfig().keyEncryption), {
    publish: publish ?? (() => Promise.reject(new Error('hindsight webhooks: this command publishes nothing'))),
    apply: (event) => applyWebhookRecord(ds, event),
    newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
    newWebhookId: () => `wh-${randomUUID()}`,
    source: 'cli',
  });

const webhookLine = (w: WebhookView) =>
  `${w.id}  ${w.url}  ${w.kinds.join(',')}  created ${w.createdAt}${w.description ? `  ${w.description}` : ''}`;

/** `3f0c…  delivered  retrain.failed  wh-ops  4 attempts (503, 503, 503, 204)  last 2026-…`. Pure. */
export function deliveryLine(d: WebhookDeliveryItem): string {
  const statuses = d.attempts.map((a) => a.httpStatus ?? a.error ?? '?').join(', ');
  const next = d.nextAttemptAt ? `  next ${d.nextAttemptAt}` : '';
  return `${d.deliveryId}  ${d.status}  ${d.kind}  ${d.webhookId}  ${d.attempts.length} attempt${d.attempts.length === 1 ? '' : 's'} (${statuses})  last ${d.lastAttemptedAt}${next}`;
}

/** `hindsight webhooks create|list|delete|deliveries`: a tenant's outbound webhooks. */
export const registerWebhooksCommands: CommandRegistrar = (program) => {
  const webhooks = program
    .command('webhooks')
    .description('outbound webhooks: signed POSTs when a retrain completes or fails, drift crosses its threshold, …');
  webhooks
    .command('create')
    .description('subscribe a URL to event kinds; prints the signing secret once (it is never shown again)')
    .requiredOption('--tenant <tenant>', 'tenant')
    .requiredOption('--url <url>', 'the receiver: an http(s) URL')
    .requiredOption(
      '--kinds <kinds>',
      'comma-separated: retrain.completed, retrain.failed, drift.threshold-exceeded, reward-hacking.flagged, dead-letter.recorded, routing.interaction-routed',
    )
    .option('--id <id>', 'the webhook id (default: wh-<uuid>)')
    .option('--description <text>', 'what it is for (at most 200 characters)')
    .option('--json', 'print JSON ({webhook, secret})')
    .action(
      async (o: { tenant: string; url: string; kinds: string; id?: string; description?: string; json?: boolean }) => {
        const body = {
          url: o.url,
          kinds: o.kinds.split(',').map((k) => k.trim()),
          ...(o.id === undefined ? {} : { id: o.id }),
          ...(o.description === undefined ? {} : { description: o.description }),
        };
        const created = await withDatabase((ds) =>
          withRecordPublisher((publish) => subscriptionsOf(ds, publish).create(o.tenant, body, new Date())),
        );
        if (o.json) process.stdout.write(`${JSON.stringify(created)}\n`);
        else
          process.stdout.write(
            `${webhookLine(created.webhook)}\nsecret (shown once; verify the Hindsight-Signature header with it): ${created.secret}\n`,
          );
      },
    );
  webhooks
    .command('list')
    .description("the tenant's webhooks (never their secrets)")
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; json?: boolean }) => {
      const result = await withDatabase((ds) => subscriptionsOf(ds).list(o.tenant));
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.webhooks.length === 0) process.stdout.write('no webhooks\n');
      else for (const w of result.webhooks) process.stdout.write(`${webhookLine(w)}\n`);
    });
  webhooks
    .command('delete <id>')
    .description('stop delivering to a webhook (its deliveries stay listed)')
    .requiredOption('--tenant <tenant>', 'tenant')
    .action(async (id: string, o: { tenant: string }) => {
      await withDatabase((ds) =>
        withRecordPublisher((publish) => subscriptionsOf(ds, publish).delete(o.tenant, id, new Date())),
      );
      process.stdout.write(`webhook ${id} deleted\n`);
    });
  webhooks
    .command('deliveries')
    .description('deliveries newest first, each with every attempt (status: delivered, failed and retrying, dead)')
    .requiredOption('--tenant <tenant>', 'tenant')
    .option('--status <status>', 'only delivered, failed (being retried) or dead (dead-lettered)')
    .option('--webhook <id>', 'only this webhook')
    .option('--limit <n>', 'at most this many (1-500)', '50')
    .option('--json', 'print JSON')
    .action(async (o: { tenant: string; status?: string; webhook?: string; limit: string; json?: boolean }) => {
      const query = {
        limit: o.limit,
        ...(o.status === undefined ? {} : { status: o.status }),
        ...(o.webhook === undefined ? {} : { webhook: o.webhook }),
      };
      const result = await withDatabase((ds) => subscriptionsOf(ds).deliveries(o.tenant, query));
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else if (result.deliveries.length === 0) process.stdout.write('no deliveries\n');
      else for (const d of result.deliveries) process.stdout.write(`${deliveryLine(d)}\n`);
    });
};
