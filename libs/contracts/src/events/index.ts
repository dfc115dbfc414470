import type { EventInputEnvelope } from '../envelope/envelope';
import { CONFIGURATION_EVENT_TYPES, configurationEventDefinitions, type ConfigurationEvent } from './configuration';
import { ANNOTATION_EVENT_TYPES, annotationEventDefinitions, type AnnotationEvent } from './annotation';
import { DEPLOYMENT_EVENT_TYPES, deploymentEventDefinitions, type DeploymentEvent } from './deployment';
import { GOVERNANCE_EVENT_TYPES, governanceEventDefinitions, type GovernanceEvent } from './governance';
import { QUEUE_EVENT_TYPES, queueEventDefinitions, type QueueEvent } from './queues';
import { RETRAINING_EVENT_TYPES, retrainingEventDefinitions, type RetrainingEvent } from './retraining';
import { WEBHOOK_EVENT_TYPES, webhookEventDefinitions, type WebhookEvent } from './webhooks';
import { ROUTING_EVENT_TYPES, routingEventDefinitions, type RoutingEvent } from './routing';

export * from './annotation';
export * from './deployment';
export * from './governance';
export * from './queues';
export * from './retraining';
export * from './configuration';
export * from './webhooks';
export * from './routing';

/** Every Hindsight event, at its latest version: switch on `type`, end with `assertNever`. */
export type HindsightEvent =
  | AnnotationEvent
  | DeploymentEvent
  | RetrainingEvent
  | GovernanceEvent
  | QueueEvent
  | ConfigurationEvent
  | WebhookEvent
  | RoutingEvent;
export type EventType = HindsightEvent['type'];
/** The latest-version event of one type. */
export type EventOfType<T extends EventType> = Extract<HindsightEvent, { readonly type: T }>;
/** The `data` of the latest-version event of one type. */
export type EventDataOf<T extends EventType> = EventOfType<T>['data'];

/** What a client sends for one type, at the latest version. */
export type EventInputOfType<T extends EventType> = EventInputEnvelope<T, EventOfType<T>['version'], EventDataOf<T>>;
/** What a client sends, any type, validated and brought to the latest version. */
export type HindsightEventInput = { [T in EventType]: EventInputOfType<T> }[EventType];

export const EVENT_TYPES = [
  ...ANNOTATION_EVENT_TYPES,
  ...DEPLOYMENT_EVENT_TYPES,
  ...RETRAINING_EVENT_TYPES,
  ...GOVERNANCE_EVENT_TYPES,
  ...QUEUE_EVENT_TYPES,
  ...CONFIGURATION_EVENT_TYPES,
  ...WEBHOOK_EVENT_TYPES,
  ...ROUTING_EVENT_TYPES,
] as const satisfies readonly EventType[];

/** Every published version of every event type. The registry is built from this list. */
export const eventDefinitions = [
  ...annotationEventDefinitions,
  ...deploymentEventDefinitions,
  ...retrainingEventDefinitions,
  ...governanceEventDefinitions,
  ...queueEventDefinitions,
  ...configurationEventDefinitions,
  ...webhookEventDefinitions,
  ...routingEventDefinitions,
] as const;

/** Exhaustiveness check for a `switch` on `type`: a compile error if a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`assertNever: unexpected value ${JSON.stringify(value)}`);
}
