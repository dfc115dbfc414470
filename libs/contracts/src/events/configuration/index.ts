import { apiKeyCreatedV1, apiKeyRevokedV1, type ApiKeyCreated, type ApiKeyRevoked } from './api-key-events';
import { retrainPolicyCreatedV1, type RetrainPolicyCreated } from './retrain-policy-created';
import {
  retrainPolicyDeletedV1,
  retrainPolicyPausedV1,
  retrainPolicyResumedV1,
  type RetrainPolicyDeleted,
  type RetrainPolicyPaused,
  type RetrainPolicyResumed,
} from './retrain-policy-changed';
import { runKlBudgetAssignedV1, type RunKlBudgetAssigned } from './run-kl-budget-assigned';
import { sessionEndedV1, type SessionEnded } from './session-ended';
import { redactionPolicyConfiguredV1, type RedactionPolicyConfigured } from './redaction-policy-configured';
import {
  webhookSubscribedV1,
  webhookUnsubscribedV1,
  type WebhookSubscribed,
  type WebhookUnsubscribed,
} from './webhook-events';
import { blendWeightsAssignedV1, type BlendWeightsAssigned } from './blend-weights-assigned';

export * from './api-key-events';
export * from './retrain-policy-created';
export * from './retrain-policy-changed';
export * from './run-kl-budget-assigned';
export * from './session-ended';
export * from './redaction-policy-configured';
export * from './webhook-events';
export * from './blend-weights-assigned';

/** The retrain-policy events, at their latest version. */
export type RetrainPolicyEvent =
  RetrainPolicyCreated | RetrainPolicyPaused | RetrainPolicyResumed | RetrainPolicyDeleted;
export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;
export type WebhookSubscriptionEvent = WebhookSubscribed | WebhookUnsubscribed;

/** The records people create (policies, keys, budgets, webhooks, redaction policies): each projected to a table. */
export type RecordEvent =
  RetrainPolicyEvent | ApiKeyEvent | RunKlBudgetAssigned | WebhookSubscriptionEvent | RedactionPolicyConfigured;

/**
 * Every event of the configuration family, at its latest version: the records, the sign-outs the api follows in
 * memory, and the blend weights the trainer reads from the event store.
 */
export type ConfigurationEvent = RecordEvent | SessionEnded | BlendWeightsAssigned;

/** Definitions of every published version of the configuration family. */
export const configurationEventDefinitions = [
  retrainPolicyCreatedV1,
  retrainPolicyPausedV1,
  retrainPolicyResumedV1,
  retrainPolicyDeletedV1,
  apiKeyCreatedV1,
  apiKeyRevokedV1,
  runKlBudgetAssignedV1,
  sessionEndedV1,
  redactionPolicyConfiguredV1,
  webhookSubscribedV1,
  webhookUnsubscribedV1,
  blendWeightsAssignedV1,
] as const;

export const CONFIGURATION_EVENT_TYPES = [
  'retrain-policy.created',
  'retrain-policy.paused',
  'retrain-policy.resumed',
  'retrain-policy.deleted',
  'api-key.created',
  'api-key.revoked',
  'run.kl-budget-assigned',
  'session.ended',
  'redaction-policy.configured',
  'webhook.subscribed',
  'webhook.unsubscribed',
  'blend.weights-assigned',
] as const satisfies readonly ConfigurationEvent['type'][];
