import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { loadPlatformConfig } from '@hindsight/config';
import {
  formatUuidV7,
  HindsightError,
  NotFoundError,
  RATER_GROUP_FIELDS,
  requireInstant,
  type RaterGroupField,
  UnavailableError,
  ValidationError,
} from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';
import { requestRetrain, retrainMessage } from '@hindsight/scheduling';
import { RetrainPolicyRepository, RetrainRequestRepository } from '@hindsight/store';
import type { CommandRegistrar } from './command-registrar';
import { withDatabase } from './with-database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface RetrainOptions {
  policy: string;
  tenant?: string;
  asOf?: string;
  requestedBy?: string;
  perGroup?: string;
  minGroupPairs?: string;
  json?: boolean;
}

/**
 * `--per-group FIELD [--min-group-pairs N]` as the request's `perGroup`.
 * @throws ValidationError naming the flag and the rule.
 */
function perGroupOption(o: RetrainOptions): { field: RaterGroupField; minPairs?: number } | undefined {
  if (o.perGroup === undefined) {
    if (o.minGroupPairs !== undefined)
      throw new ValidationError([{ path: '--min-group-pairs', rule: 'needs --per-group' }]);
    return undefined;
  }
  const field = o.perGroup.trim();
  if (!(RATER_GROUP_FIELDS as readonly string[]).includes(field))
    throw new ValidationError([{ path: '--per-group', rule: `must be one of ${RATER_GROUP_FIELDS.join(', ')}` }]);
  if (o.minGroupPairs === undefined) return { field: field as RaterGroupField };
  const minPairs = Number(o.minGroupPairs);
  if (!/^\d+$/.test(o.minGroupPairs.trim()) || !Number.isSafeInteger(minPairs) || minPairs < 1)
    throw new ValidationError([{ path: '--min-group-pairs', rule: 'must be a positive integer' }]);
  return { field: field as RaterGroupField, minPairs };
}

/**
 * `hindsight retrain --policy P [--as-of T] [--per-group FIELD]`: requests one retrain by hand with the
 * policy's objectives and recipe. Like the scheduler, it records the request in
 * the outbox (`retrain_requests`) first, then publishes it; if the broker does not
 * acknowledge, the request stays recorded and the scheduler's leader publishes it
 * on its next tick (same event id and run id).
 */
export const registerRetrainCommands: CommandRegistrar = (program) => {
  program
    .command('retrain')
    .description('request a retrain by hand (retrain.requested, trigger manual); prints the run id')
    .requiredOption(
      '--policy <policy>',
      'the policy whose objectives and recipe to use: its id, or its name with --tenant',
    )
    .option('--tenant <tenant>', "the policy's tenant (needed to name a policy by name)")
    .option('--as-of <instant>', 'build the datasets as of this ISO-8601 instant with Z or an offset (default: now)')
    .option('--requested-by <who>', 'who asks (an id); default cli:<user>')
    .option(
      '--per-group <field>',
      `also train one model per rater group split by this profile field (${RATER_GROUP_FIELDS.join(', ')}), plus the pooled model`,
    )
    .option('--min-group-pairs <n>', 'with --per-group: groups with fewer training pairs are reported, not trained')
    .option('--json', 'print {"runId","eventId","policyId","tenant","asOf","published"}')
    .action(async (o: RetrainOptions) => {
      const now = new Date();
      const perGroup = perGroupOption(o);
      const asOf = o.asOf === undefined ? now : new Date(requireInstant(o.asOf.trim(), '--as-of'));
      const requestedBy = o.requestedBy ?? `cli:${userInfo().username.replace(/[^A-Za-z0-9._:-]/g, '-') || 'unknown'}`;
      const config = loadPlatformConfig();
      const result = await withDatabase(async (ds) => {
        const policies = new RetrainPolicyRepository(ds);
        const policy = UUID.test(o.policy)
          ? await (o.tenant === undefined ? policies.findAnyTenant(o.policy) : policies.find(o.tenant, o.policy))
          : o.tenant === undefined
            ? undefined
            : await policies.findByName(o.tenant, o.policy);
        if (!policy) {
          if (!UUID.test(o.policy) && o.tenant === undefined)
            throw new ValidationError([{ path: 'tenant', rule: 'required to name a policy by name' }]);
          throw new NotFoundError('retrain policy', o.policy);
        }
        const ids = {
          runId: formatUuidV7(now.getTime(), randomBytes(10)),
          eventId: formatUuidV7(now.getTime(), randomBytes(10)),
        };
        const { record } = requestRetrain(
          policy,
          { kind: 'manual', requestedBy, asOf, ...(perGroup ? { perGroup } : {}) },
          { source: 'cli', now, ...ids },
        );
        const { runId, eventId } = record;
        const requests = new RetrainRequestRepository(ds);
        await requests.record(record);
        const publisher = createEventPublisher(config.kafka, 'cli');
        try {
          await requests.publishRecorded(policy.tenant, runId, (rows) =>
            publisher.publish(rows.map((r) => retrainMessage(r.eventJson, config.kafka.topicPrefix))),
          );
        } catch (error) {
          const reason = error instanceof HindsightError || error instanceof Error ? error.message : String(error);
          throw new UnavailableError('kafka', `${reason}; run ${runId} is recorded and the scheduler will publish it`);
        } finally {
          // A failure to close must not hide the publish's own outcome (exit 3 with the run id).
          await publisher
            .close()
            .catch((error: unknown) =>
              process.stderr.write(
                `hindsight: closing the Kafka producer failed: ${error instanceof Error ? error.message : String(error)}\n`,
              ),
            );
        }
        return {
          runId,
          eventId,
          policyId: policy.id,
          tenant: policy.tenant,
          asOf: asOf.toISOString(),
          published: true,
        };
      });
      process.stdout.write(o.json ? `${JSON.stringify(result)}\n` : `${result.runId}\n`);
    });
};
