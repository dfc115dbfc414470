import type { RoutingAction } from '@hindsight/contracts';
import { matchesRoutingFilter, routingCellOf, type InteractionFacts } from './interaction-facts';
import { routingDecisionId, routingDraw } from './routing-draw';
import { ruleVersionAt, type RoutingRule } from './routing-rules';

/** A rule's decision to route one interaction (what `routing.interaction-routed` says, before pairing). */
export interface RoutingDecision {
  readonly decisionId: string;
  readonly ruleId: string;
  readonly ruleRevision: number;
  readonly interactionId: string;
  readonly action: RoutingAction;
  readonly cell: string;
  /** The rate the interaction was drawn against. */
  readonly rate: number;
}

/**
 * Whether `rule` routes the interaction: the rule's version in force when the interaction
 * was recorded (none: paused, or created later) must match it, and the draw of (rule,
 * interaction) must fall below the rate — the rule's, or in stratified mode its cell's
 * (`cellRate`, from `stratifiedRates`). Pure: the same facts and rates decide the same.
 */
export function decideRouting(
  rule: RoutingRule,
  facts: InteractionFacts,
  cellRate?: (cell: string) => number,
): RoutingDecision | undefined {
  const version = ruleVersionAt(rule, facts.recordedAt);
  if (!version || !matchesRoutingFilter(version.filter, facts)) return undefined;
  const cell = routingCellOf(facts);
  const rate = version.sampling.mode === 'stratified' && cellRate ? cellRate(cell) : version.sampling.rate;
  if (!(routingDraw(rule.ruleId, facts.interactionId) < rate)) return undefined;
  return {
    decisionId: routingDecisionId(rule.ruleId, facts.interactionId),
    ruleId: rule.ruleId,
    ruleRevision: version.revision,
    interactionId: facts.interactionId,
    action: version.action,
    cell,
    rate,
  };
}
