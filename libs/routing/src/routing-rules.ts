import {
  assertNever,
  type RoutingAction,
  type RoutingFilter,
  type RoutingRuleEvent,
  type RoutingSampling,
} from '@hindsight/contracts';

/** One revision of a rule's spec and the span of recorded times it applies to. */
export interface RoutingRuleVersion {
  readonly revision: number;
  readonly name: string;
  readonly filter: RoutingFilter;
  readonly sampling: RoutingSampling;
  readonly action: RoutingAction;
  /** Interactions recorded from here on (inclusive) … */
  readonly from: string;
  /** … and before here (exclusive; null: still in force). */
  readonly until: string | null;
}

/** A rule as its events leave it: every revision, so an interaction is routed by the version in force when it was recorded. */
export interface RoutingRule {
  readonly tenant: string;
  readonly ruleId: string;
  readonly revision: number;
  readonly status: 'active' | 'paused';
  readonly createdAt: string;
  readonly versions: readonly RoutingRuleVersion[];
}

/**
 * The rules' `evolve`: applies one rule event (events in recorded order). An event of an
 * older revision than the rule's is ignored (it was seen before). Pure.
 */
export function evolveRoutingRules(
  rules: ReadonlyMap<string, RoutingRule>,
  event: RoutingRuleEvent,
): Map<string, RoutingRule> {
  const next = new Map(rules);
  const rule = rules.get(event.data.ruleId);
  switch (event.type) {
    case 'routing-rule.created': {
      if (rule) return next;
      const d = event.data;
      next.set(d.ruleId, {
        tenant: event.tenant,
        ruleId: d.ruleId,
        revision: 1,
        status: 'active',
        createdAt: d.createdAt,
        versions: [
          {
            revision: 1,
            name: d.name,
            filter: d.filter,
            sampling: d.sampling,
            action: d.action,
            from: d.createdAt,
            until: null,
          },
        ],
      });
      return next;
    }
    case 'routing-rule.changed': {
      const d = event.data;
      if (!rule || d.revision <= rule.revision) return next;
      next.set(d.ruleId, {
        ...rule,
        revision: d.revision,
        status: 'active',
        versions: [
          ...closeLast(rule.versions, d.changedAt),
          {
            revision: d.revision,
            name: d.name,
            filter: d.filter,
            sampling: d.sampling,
            action: d.action,
            from: d.changedAt,
            until: null,
          },
        ],
      });
      return next;
    }
    case 'routing-rule.paused': {
      const d = event.data;
      if (!rule || d.revision <= rule.revision) return next;
      next.set(d.ruleId, {
        ...rule,
        revision: d.revision,
        status: 'paused',
        versions: closeLast(rule.versions, d.pausedAt),
      });
      return next;
    }
    default:
      return assertNever(event);
  }
}

/** The rules a list of rule events (any order of tenants, recorded order per rule) leaves. Pure. */
export function routingRulesOf(events: readonly RoutingRuleEvent[]): Map<string, RoutingRule> {
  return events.reduce<Map<string, RoutingRule>>((rules, event) => evolveRoutingRules(rules, event), new Map());
}

/** The version of `rule` in force for an interaction recorded at `recordedAt`, if any (none before creation or while paused). */
export function ruleVersionAt(rule: RoutingRule, recordedAt: string): RoutingRuleVersion | undefined {
  const t = Date.parse(recordedAt);
  return rule.versions.find((v) => Date.parse(v.from) <= t && (v.until === null || t < Date.parse(v.until)));
}

/** The spec currently in force (the last version), for lists. */
export const currentVersion = (rule: RoutingRule): RoutingRuleVersion => rule.versions[rule.versions.length - 1];

const closeLast = (versions: readonly RoutingRuleVersion[], at: string): RoutingRuleVersion[] =>
  versions.map((v, i) => (i === versions.length - 1 && v.until === null ? { ...v, until: at } : v));
