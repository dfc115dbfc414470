import type { RoutingAction, RoutingSampling } from '@hindsight/contracts';
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

/** The sampling of a stratified rule version: its rate is the budget, `maxRate` the cap of a cell's rate. */
export type StratifiedSampling = Extract<RoutingSampling, { mode: 'stratified' }>;

/**
 * Whether `rule` routes the interaction: the rule's version in force when the interaction
 * was recorded (none: paused, or created later) must match it, and the draw of (rule,
 * interaction) must fall below the rate — the version's, or in stratified mode its cell's
 * under that version's sampling (`cellRate`, from `stratifiedRates`; a later revision's
 * rate or mode does not apply to what was recorded before it). Pure: the same facts and
 * rates decide the same.
 */
export function decideRouting(
  rule: RoutingRule,
  facts: InteractionFacts,
  cellRate?: (cell: string, sampling: StratifiedSampling) => number,
): RoutingDecision | undefined {
  const version = ruleVersionAt(rule, facts.recordedAt);
  if (!version || !matchesRoutingFilter(version.filter, facts)) return undefined;
  const cell = routingCellOf(facts);
  const { sampling } = version;
  const rate = sampling.mode === 'stratified' && cellRate ? cellRate(cell, sampling) : sampling.rate;
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
