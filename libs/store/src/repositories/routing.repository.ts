import type { DataSource } from 'typeorm';
import { parseEvent, type RoutingRuleEvent } from '@hindsight/contracts';
import { saveOffsets, storedOffsets, type PartitionOffset } from './consumer-offsets';

/** What the router knows of one logged interaction (not erased), with its feedback and outcomes so far. */
export interface RoutableInteraction {
  readonly interactionId: string;
  readonly modelVersion: string;
  readonly surface: string | null;
  readonly locale: string | null;
  readonly objective: string | null;
  readonly promptChars: number;
  readonly feedbackKinds: readonly string[];
  readonly outcomes: readonly { readonly outcome: string; readonly success: boolean | null }[];
  readonly recordedAt: string;
}

/** One entry of a rule's routed list (the review list when its action is `review`). */
export interface RoutedItem {
  readonly decisionId: string;
  readonly ruleId: string;
  readonly ruleRevision: number;
  readonly interactionId: string;
  readonly action: string;
  readonly queueId: string | null;
  readonly pairedInteractionId: string | null;
  readonly unpaired: boolean;
  readonly taskCreated: boolean;
  readonly endpoint: string | null;
  readonly cell: string | null;
  readonly rate: number;
  readonly prompt: string | null;
  readonly response: string | null;
  readonly erased: boolean;
  readonly routedAt: string;
}

/**
 * The router's reads and its offsets (apps/scheduler's InteractionRouter), and the
 * routing reads of the api and the CLI. Rules are not a table: they are folded from
 * their events in the event store (libs/routing's `routingRulesOf`), so a replay
 * rebuilds them with the events.
 */
export class RoutingRepository {
  constructor(private readonly db: DataSource) {}

  /** The routing-rule events of a tenant (every tenant when omitted), in recorded order. */
  async ruleEvents(tenant?: string): Promise<RoutingRuleEvent[]> {
    const rows: { payload: unknown }[] = await this.db.query(
      `SELECT payload FROM events
       WHERE type IN ('routing-rule.created', 'routing-rule.changed', 'routing-rule.paused') AND ($1::text IS NULL OR tenant = $1)
       ORDER BY recorded_at, id`,
      [tenant ?? null],
    );
    return rows.map((r) => parseEvent(r.payload) as RoutingRuleEvent);
  }

  /** The interactions of `ids` that are projected and not erased, with feedback kinds and outcomes. */
  async interactions(tenant: string, ids: readonly string[]): Promise<RoutableInteraction[]> {
    const rows: {
      interaction_id: string;
      model_version: string;
      surface: string | null;
      locale: string | null;
      objective: string | null;
      prompt_chars: number;
      feedback_kinds: string[];
      outcomes: { outcome: string; success: boolean | null }[];
      recorded_at: Date;
    }[] = await this.db.query(
      `SELECT i.interaction_id, i.model_version, i.surface, i.locale, i.objective, char_length(i.prompt) AS prompt_chars, i.recorded_at,
         ARRAY(SELECT DISTINCT f.kind FROM feedback f WHERE f.tenant = i.tenant AND f.interaction_id = i.interaction_id) AS feedback_kinds,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('outcome', o.outcome, 'success', o.success)) FROM outcomes o
                   WHERE o.tenant = i.tenant AND o.interaction_id = i.interaction_id), '[]'::jsonb) AS outcomes
       FROM interactions i WHERE i.tenant = $1 AND i.interaction_id = ANY($2::text[]) AND NOT i.erased`,
      [tenant, ids],
    );
    return rows.map((r) => ({
      interactionId: r.interaction_id,
      modelVersion: r.model_version,
      surface: r.surface,
      locale: r.locale,
      objective: r.objective,
      promptChars: Number(r.prompt_chars),
      feedbackKinds: r.feedback_kinds,
      outcomes: r.outcomes,
      recordedAt: r.recorded_at.toISOString(),
    }));
  }

  /**
   * The second response of an annotation task: the earliest other logged interaction (not
   * erased) with the same prompt and a different response, from `modelVersion` when named,
   * recorded no later than the routed one (so the choice does not depend on when the router ran).
   */
  async pairFor(tenant: string, interactionId: string, modelVersion: string | undefined): Promise<string | undefined> {
    const rows: { interaction_id: string }[] = await this.db.query(
      `SELECT o.interaction_id FROM interactions i
       JOIN interactions o ON o.tenant = i.tenant AND md5(o.prompt) = md5(i.prompt) AND o.prompt = i.prompt
         AND o.interaction_id <> i.interaction_id AND o.response <> i.response AND NOT o.erased
         AND o.recorded_at <= i.recorded_at AND ($3::text IS NULL OR o.model_version = $3)
       WHERE i.tenant = $1 AND i.interaction_id = $2 AND NOT i.erased
       ORDER BY o.recorded_at, o.interaction_id LIMIT 1`,
      [tenant, interactionId, modelVersion ?? null],
    );
    return rows[0]?.interaction_id;
  }

  /** Which of these decisions are already projected. */
  async knownDecisions(tenant: string, decisionIds: readonly string[]): Promise<Set<string>> {
    const rows: { decision_id: string }[] = await this.db.query(
      'SELECT decision_id FROM routed_interactions WHERE tenant = $1 AND decision_id = ANY($2::text[])',
      [tenant, decisionIds],
    );
    return new Set(rows.map((r) => r.decision_id));
  }

  /**
   * The counts stratified sampling compares, per cell `objective|surface|locale|length bucket`:
   * production interactions recorded since `since`, and annotated comparisons, all time, not erased
   * and not retracted, as datasets and the retrain counter count them (a comparison of a routed task
   * counts in its interaction's cell; any other has surface `-`).
   */
  async cellCounts(
    tenant: string,
    since: string,
  ): Promise<{ production: Map<string, number>; annotated: Map<string, number> }> {
    const bucket = (chars: string) =>
      `CASE WHEN ${chars} < 100 THEN '0-99' WHEN ${chars} < 500 THEN '100-499' WHEN ${chars} < 2000 THEN '500-1999' ELSE '2000+' END`;
    const production: { cell: string; n: string }[] = await this.db.query(
      `SELECT concat_ws('|', COALESCE(objective, '-'), COALESCE(surface, '-'), COALESCE(locale, '-'), ${bucket('char_length(prompt)')}) AS cell, count(*) AS n
       FROM interactions WHERE tenant = $1 AND recorded_at >= $2 AND NOT erased GROUP BY 1`,
      [tenant, since],
    );
    const annotated: { cell: string; n: string }[] = await this.db.query(
      `SELECT COALESCE(r.cell, concat_ws('|', c.objective, '-', c.locale, ${bucket('char_length(c.prompt)')})) AS cell, count(*) AS n
       FROM comparisons c LEFT JOIN routed_interactions r ON r.tenant = c.tenant AND r.decision_id = c.task_id
       WHERE c.tenant = $1 AND NOT c.erased AND c.retracted_at IS NULL GROUP BY 1`,
      [tenant],
    );
    const toMap = (rows: { cell: string; n: string }[]) => new Map(rows.map((r) => [r.cell, Number(r.n)]));
    return { production: toMap(production), annotated: toMap(annotated) };
  }

  /** A rule's routed interactions, newest first, with the routed text (null once erased). */
  async routed(tenant: string, ruleId: string, limit: number, action?: string): Promise<RoutedItem[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT r.decision_id, r.rule_id, r.rule_revision, r.interaction_id, r.action, r.queue_id, r.paired_interaction_id, r.unpaired,
         r.task_created, r.endpoint, r.cell, r.rate, r.routed_at, i.prompt, i.response, COALESCE(i.erased, false) AS erased
       FROM routed_interactions r LEFT JOIN interactions i ON i.tenant = r.tenant AND i.interaction_id = r.interaction_id
       WHERE r.tenant = $1 AND r.rule_id = $2 AND ($4::text IS NULL OR r.action = $4)
       ORDER BY r.routed_at DESC, r.decision_id LIMIT $3`,
      [tenant, ruleId, limit, action ?? null],
    );
    return rows.map((r) => ({
      decisionId: r.decision_id as string,
      ruleId: r.rule_id as string,
      ruleRevision: r.rule_revision as number,
      interactionId: r.interaction_id as string,
      action: r.action as string,
      queueId: r.queue_id as string | null,
      pairedInteractionId: r.paired_interaction_id as string | null,
      unpaired: r.unpaired as boolean,
      taskCreated: r.task_created as boolean,
      endpoint: r.endpoint as string | null,
      cell: r.cell as string | null,
      rate: Number(r.rate),
      prompt: r.prompt as string | null,
      response: r.response as string | null,
      erased: r.erased as boolean,
      routedAt: (r.routed_at as Date).toISOString(),
    }));
  }

  /** Routed counts per rule and action. */
  async routedCounts(tenant: string): Promise<Map<string, { action: string; routed: number; tasks: number }>> {
    const rows: { rule_id: string; action: string; routed: string; tasks: string }[] = await this.db.query(
      `SELECT rule_id, min(action) AS action, count(*) AS routed, count(*) FILTER (WHERE task_created) AS tasks
       FROM routed_interactions WHERE tenant = $1 GROUP BY rule_id`,
      [tenant],
    );
    return new Map(
      rows.map((r) => [r.rule_id, { action: r.action, routed: Number(r.routed), tasks: Number(r.tasks) }]),
    );
  }

  storedOffsets(group: string): Promise<PartitionOffset[]> {
    return storedOffsets(this.db, group);
  }

  /** Moves the router's offsets past the messages (after their decisions were acknowledged by Kafka). */
  async saveOffsets(
    group: string,
    messages: readonly { topic: string; partition: number; offset: string }[],
  ): Promise<void> {
    if (messages.length === 0) return;
    await this.db.transaction((tx) => saveOffsets(tx, group, messages as never));
  }
}

/** True when the tenant has the queue (an annotation-task rule must name one). */
export async function queueExists(db: DataSource, tenant: string, queueId: string): Promise<boolean> {
  const rows: unknown[] = await db.query('SELECT 1 FROM annotation_queues WHERE tenant = $1 AND id = $2', [
    tenant,
    queueId,
  ]);
  return rows.length > 0;
}
