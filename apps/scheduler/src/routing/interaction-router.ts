import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { formatUuidV7, HEADER_TENANT, readEventHeaders, type Clock } from '@hindsight/contracts';
import type { PartitionBatch, RawMessage } from '@hindsight/kafka';
import {
  decideRouting,
  interactionRoutedEvent,
  routingMessage,
  routingRulesOf,
  stratifiedRates,
  type Pairing,
  type RoutingDecision,
  type RoutingRule,
  type StratifiedSampling,
} from '@hindsight/routing';
import type { RoutableInteraction, RoutingRepository } from '@hindsight/store';

/** The deployment events that can change whether a rule routes an interaction. */
const ROUTABLE_TYPES = new Set(['interaction.logged', 'feedback.recorded', 'outcome.recorded']);

export interface InteractionRouterDeps {
  readonly repository: RoutingRepository;
  readonly publish: (messages: ReturnType<typeof routingMessage>[]) => Promise<void>;
  /** Resolves once the projector has applied what Kafka held when the batch was fetched (rules, interactions, queues). */
  readonly projectorCaughtUp: () => Promise<void>;
  readonly groupId: string;
  readonly topicPrefix: string;
  /** Stratified rules compare the production traffic of this many days with the annotated comparisons. */
  readonly stratifiedWindowDays: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The router: consumes the deployment topic (its own consumer group, offsets in PostgreSQL)
 * and, once the projector has projected the batch, asks every rule of the tenant whether it
 * routes each interaction the batch touched (logged, or given feedback or an outcome), then
 * publishes one `routing.interaction-routed` per decision and only then moves its offsets.
 * A crash in between publishes the same decisions again: their idempotency key is the
 * decision id, so the projector stores one and the task (id = decision id) is made once.
 */
export class InteractionRouter {
  constructor(private readonly deps: InteractionRouterDeps) {}

  async apply(batch: PartitionBatch): Promise<number> {
    const touched = touchedInteractions(batch.messages);
    let routed = 0;
    if (touched.size > 0) {
      await this.deps.projectorCaughtUp();
      for (const [tenant, ids] of touched) routed += await this.routeTenant(tenant, [...ids]);
    }
    await this.deps.repository.saveOffsets(this.deps.groupId, batch.messages);
    return routed;
  }

  private async routeTenant(tenant: string, ids: string[]): Promise<number> {
    const { repository } = this.deps;
    const rules = [...routingRulesOf(await repository.ruleEvents(tenant)).values()];
    if (rules.length === 0) return 0;
    const interactions = await repository.interactions(tenant, ids);
    const cellRate = await this.cellRate(tenant, rules);
    const decisions: { decision: RoutingDecision; facts: RoutableInteraction }[] = [];
    for (const facts of interactions)
      for (const rule of rules) {
        const decision = decideRouting(rule, facts, cellRate);
        if (decision) decisions.push({ decision, facts });
      }
    if (decisions.length === 0) return 0;
    const known = await repository.knownDecisions(
      tenant,
      decisions.map((d) => d.decision.decisionId),
    );
    const fresh = decisions.filter((d) => !known.has(d.decision.decisionId));
    const messages = [];
    for (const { decision, facts } of fresh) {
      const at = this.deps.clock.now();
      const event = interactionRoutedEvent(decision, facts, await this.pairing(tenant, decision), {
        eventId: formatUuidV7(at.getTime(), randomBytes(10)),
        tenant,
        source: 'scheduler',
        at,
      });
      messages.push(routingMessage(event, this.deps.topicPrefix));
    }
    if (messages.length > 0) await this.deps.publish(messages);
    return messages.length;
  }

  /** An annotation task's second response; none for the other actions. */
  private async pairing(tenant: string, decision: RoutingDecision): Promise<Pairing> {
    if (decision.action.kind !== 'annotation-task') return undefined;
    const paired = await this.deps.repository.pairFor(
      tenant,
      decision.interactionId,
      decision.action.pairWith?.modelVersion,
    );
    return paired === undefined ? { unpaired: true } : { pairedInteractionId: paired };
  }

  /**
   * A cell's rate under a stratified version's sampling, from the tenant's counts now (read once
   * per batch, the rates computed once per rate and cap). Keyed by the version decideRouting
   * picks, not the rule's latest: an interaction recorded under an earlier revision is drawn
   * against that revision's budget. Undefined when no rule has a stratified version.
   */
  private async cellRate(
    tenant: string,
    rules: RoutingRule[],
  ): Promise<((cell: string, sampling: StratifiedSampling) => number) | undefined> {
    if (!rules.some((r) => r.versions.some((v) => v.sampling.mode === 'stratified'))) return undefined;
    const since = new Date(this.deps.clock.now().getTime() - this.deps.stratifiedWindowDays * 86_400_000);
    const counts = await this.deps.repository.cellCounts(tenant, since.toISOString());
    const bySampling = new Map<string, (cell: string) => number>();
    return (cell, sampling) => {
      const key = `${sampling.rate}/${sampling.maxRate ?? ''}`;
      let rateOf = bySampling.get(key);
      if (!rateOf) {
        rateOf = stratifiedRates({ ...counts, rate: sampling.rate, maxRate: sampling.maxRate }).rateOf;
        bySampling.set(key, rateOf);
      }
      return rateOf(cell);
    };
  }
}

/** tenant → interaction ids the batch's routable events are about (the message key is the interaction id). */
function touchedInteractions(messages: readonly RawMessage[]): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  for (const m of messages) {
    const type = readEventHeaders(m.headers)?.type;
    const tenant = m.headers[HEADER_TENANT];
    if (!type || !ROUTABLE_TYPES.has(type) || !tenant || !m.key) continue;
    const ids = touched.get(tenant) ?? new Set<string>();
    ids.add(m.key.toString('utf8'));
    touched.set(tenant, ids);
  }
  return touched;
}
