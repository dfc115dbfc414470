import { planProjection, type RecordChange } from '@hindsight/projections';
import type { HindsightEvent } from '@hindsight/contracts';

/** A DataSource or a transaction's EntityManager. */
export interface Queryable {
  query<T>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Writes the record changes of events (policies, API keys, run budgets, the
 * scheduler's requested runs), in order. The projector calls it inside its
 * batch transaction; the api and the CLI call it (through `projectRecordEvents`)
 * right after Kafka acknowledged the event. Idempotent and order-safe: applying
 * an event again, even after later ones, changes nothing.
 */
export async function applyRecordChanges(db: Queryable, changes: readonly RecordChange[]): Promise<void> {
  for (const c of changes) {
    switch (c.kind) {
      case 'policy-created':
        await db.query(
          `INSERT INTO retrain_policies (id, tenant, name, cadence, timezone, objectives, recipe, catch_up, min_new_comparisons, drift_threshold, created_at, paused_at, active_since, revision)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $11, 1)
           ON CONFLICT (id) DO NOTHING`,
          [
            c.policyId,
            c.tenant,
            c.name,
            c.cadence,
            c.timezone,
            c.objectives,
            JSON.stringify(c.recipe),
            c.catchUp,
            c.minNewComparisons,
            c.driftThreshold,
            c.createdAt,
          ],
        );
        break;
      case 'policy-paused':
      case 'policy-resumed':
      case 'policy-deleted': {
        const set = {
          'policy-paused': 'paused_at = $4',
          'policy-resumed': 'paused_at = NULL, active_since = $4',
          'policy-deleted': 'deleted_at = $4',
        }[c.kind];
        await db.query(
          `UPDATE retrain_policies SET ${set}, revision = $3 WHERE id = $1 AND tenant = $2 AND revision < $3`,
          [c.policyId, c.tenant, c.revision, c.at],
        );
        break;
      }
      case 'api-key-created':
        await db.query(
          `INSERT INTO api_keys (id, tenant, name, lookup_id, secret_sha256, scopes, allowed_origins, rate_limit_per_minute, created_at)
           VALUES ($1, $2, $3, $4, decode($5, 'hex'), $6, $7, $8, $9)
           ON CONFLICT DO NOTHING`,
          [
            c.keyId,
            c.tenant,
            c.name,
            c.lookupId,
            c.secretSha256,
            c.scopes,
            c.allowedOrigins,
            c.rateLimitPerMinute,
            c.createdAt,
          ],
        );
        break;
      case 'api-key-revoked':
        await db.query('UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND tenant = $2 AND revoked_at IS NULL', [
          c.keyId,
          c.tenant,
          c.revokedAt,
        ]);
        break;
      case 'run-budget-set':
        // Budgets of one run share its partition: the later one is applied last, and one seen again does not win over a later one.
        await db.query(
          `INSERT INTO run_budgets (tenant, run_id, kl_budget, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (tenant, run_id) DO UPDATE SET kl_budget = EXCLUDED.kl_budget, updated_at = EXCLUDED.updated_at
           WHERE run_budgets.updated_at <= EXCLUDED.updated_at`,
          [c.tenant, c.runId, c.klBudget, c.setAt],
        );
        break;
      case 'redaction-policy-set':
        // One policy per tenant on one partition: the later one is applied last, and one seen again does not win over a later one.
        await db.query(
          `INSERT INTO redaction_policies (tenant, mode, phone_region, custom, set_by, set_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (tenant) DO UPDATE SET mode = EXCLUDED.mode, phone_region = EXCLUDED.phone_region,
             custom = EXCLUDED.custom, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
           WHERE redaction_policies.set_at <= EXCLUDED.set_at`,
          [c.tenant, c.mode, c.phoneRegion, JSON.stringify(c.custom), c.setBy, c.setAt],
        );
        break;
      case 'retrain-requested':
        // A request on Kafka is published: a rebuilt row says so (when it was acknowledged is not on the log, so
        // `published_at` is its recorded time), and an outbox row still waiting for its acknowledgement stops waiting.
        await db.query(
          `INSERT INTO retrain_requests (run_id, event_id, tenant, policy_id, reason, period, fire_at, as_of, event_json, recorded_at, published_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT DO NOTHING`,
          [c.runId, c.eventId, c.tenant, c.policyId, c.reason, c.period, c.fireAt, c.asOf, c.eventJson, c.recordedAt],
        );
        await db.query(
          'UPDATE retrain_requests SET published_at = recorded_at WHERE tenant = $1 AND run_id = $2 AND event_id = $3 AND published_at IS NULL',
          [c.tenant, c.runId, c.eventId],
        );
        break;
    }
  }
}

/** The record changes of `events`, applied as the projector applies them (the write paths' second step). */
export function projectRecordEvents(db: Queryable, events: readonly HindsightEvent[]): Promise<void> {
  return applyRecordChanges(db, planProjection(events).records);
}
