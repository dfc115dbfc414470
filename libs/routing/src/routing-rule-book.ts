import { NotFoundError, ValidationError, type Clock, type RoutingRuleEvent } from '@hindsight/contracts';
import {
  routingRuleChangedEvent,
  routingRuleCreatedEvent,
  routingRulePausedEvent,
  type RoutingRuleSpec,
} from './routing-events';
import { currentVersion, evolveRoutingRules, routingRulesOf, type RoutingRule } from './routing-rules';

/** A rule as the api and the CLI show it: the spec in force, status, revision and its history. */
export interface RoutingRuleView {
  readonly ruleId: string;
  readonly tenant: string;
  readonly name: string;
  readonly status: 'active' | 'paused';
  readonly revision: number;
  readonly filter: RoutingRuleSpec['filter'];
  readonly sampling: RoutingRuleSpec['sampling'];
  readonly action: RoutingRuleSpec['action'];
  readonly createdAt: string;
  readonly versions: readonly { revision: number; name: string; from: string; until: string | null }[];
}

export interface RoutingRuleBookPorts {
  /** The tenant's rule events as stored (recorded order). */
  readonly ruleEvents: (tenant: string) => Promise<readonly RoutingRuleEvent[]>;
  readonly queueExists: (tenant: string, queueId: string) => Promise<boolean>;
  /** Resolves once Kafka acknowledged the event. */
  readonly publish: (event: RoutingRuleEvent) => Promise<void>;
  readonly clock: Clock;
  readonly newId: () => string;
  readonly newEventId: () => string;
  /** `api` or `cli`. */
  readonly source: string;
}

/**
 * The routing-rule use cases the api routes and `hindsight routing` share: check, publish the
 * event, answer the rule as the event leaves it. Rules are read back by folding their events
 * (the projector stores them within milliseconds of the acknowledgement).
 */
export class RoutingRuleBook {
  constructor(private readonly ports: RoutingRuleBookPorts) {}

  /** @throws ValidationError naming the field (the spec, or an unknown queue); nothing is published then. */
  async create(tenant: string, spec: RoutingRuleSpec): Promise<RoutingRuleView> {
    await this.checkQueue(tenant, spec);
    const ruleId = this.ports.newId();
    const event = routingRuleCreatedEvent(ruleId, spec, this.context(tenant));
    await this.ports.publish(event);
    return viewOf(evolveRoutingRules(new Map(), event).get(ruleId)!);
  }

  /** A new revision of the whole spec (a paused rule is active again). */
  async change(tenant: string, ruleId: string, spec: RoutingRuleSpec): Promise<RoutingRuleView> {
    await this.checkQueue(tenant, spec);
    const { rules, rule } = await this.load(tenant, ruleId);
    const event = routingRuleChangedEvent(ruleId, rule.revision + 1, spec, this.context(tenant));
    await this.ports.publish(event);
    return viewOf(evolveRoutingRules(rules, event).get(ruleId)!);
  }

  /** Pauses the rule; an already paused rule is answered as it is, nothing published. */
  async pause(tenant: string, ruleId: string): Promise<RoutingRuleView> {
    const { rules, rule } = await this.load(tenant, ruleId);
    if (rule.status === 'paused') return viewOf(rule);
    const event = routingRulePausedEvent(ruleId, rule.revision + 1, this.context(tenant));
    await this.ports.publish(event);
    return viewOf(evolveRoutingRules(rules, event).get(ruleId)!);
  }

  async list(tenant: string): Promise<RoutingRuleView[]> {
    return [...routingRulesOf(await this.ports.ruleEvents(tenant)).values()].map(viewOf);
  }

  /** @throws NotFoundError for a rule the tenant does not have. */
  async show(tenant: string, ruleId: string): Promise<RoutingRuleView> {
    return viewOf((await this.load(tenant, ruleId)).rule);
  }

  private async load(tenant: string, ruleId: string): Promise<{ rules: Map<string, RoutingRule>; rule: RoutingRule }> {
    const rules = routingRulesOf(await this.ports.ruleEvents(tenant));
    const rule = rules.get(ruleId);
    if (!rule || rule.tenant !== tenant) throw new NotFoundError('routing rule', ruleId);
    return { rules, rule };
  }

  private async checkQueue(tenant: string, spec: RoutingRuleSpec): Promise<void> {
    if (spec.action?.kind === 'annotation-task' && typeof spec.action.queueId === 'string') {
      if (!(await this.ports.queueExists(tenant, spec.action.queueId)))
        throw new ValidationError([
          { path: 'action.queueId', rule: `must name a queue of the tenant (no queue ${spec.action.queueId})` },
        ]);
    }
  }

  private context(tenant: string) {
    return { eventId: this.ports.newEventId(), tenant, source: this.ports.source, at: this.ports.clock.now() };
  }
}

/** The view of a rule (its spec in force). Pure. */
export function viewOf(rule: RoutingRule): RoutingRuleView {
  const v = currentVersion(rule);
  return {
    ruleId: rule.ruleId,
    tenant: rule.tenant,
    name: v.name,
    status: rule.status,
    revision: rule.revision,
    filter: v.filter,
    sampling: v.sampling,
    action: v.action,
    createdAt: rule.createdAt,
    versions: rule.versions.map((x) => ({ revision: x.revision, name: x.name, from: x.from, until: x.until })),
  };
}
