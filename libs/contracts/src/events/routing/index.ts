import { interactionRoutedV1, type InteractionRouted } from './interaction-routed';
import {
  routingRuleChangedV1,
  routingRuleCreatedV1,
  routingRulePausedV1,
  type RoutingRuleChanged,
  type RoutingRuleCreated,
  type RoutingRulePaused,
} from './routing-rule-events';

export * from './interaction-routed';
export * from './routing-rule-events';

export type RoutingRuleEvent = RoutingRuleCreated | RoutingRuleChanged | RoutingRulePaused;

/** Every event of the routing family, at its latest version. */
export type RoutingEvent = RoutingRuleEvent | InteractionRouted;

/** Definitions of every published version of the routing family. */
export const routingEventDefinitions = [
  routingRuleCreatedV1,
  routingRuleChangedV1,
  routingRulePausedV1,
  interactionRoutedV1,
] as const;

export const ROUTING_EVENT_TYPES = [
  'routing-rule.created',
  'routing-rule.changed',
  'routing-rule.paused',
  'routing.interaction-routed',
] as const satisfies readonly RoutingEvent['type'][];
