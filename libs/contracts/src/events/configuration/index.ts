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

export * from './api-key-events';
export * from './retrain-policy-created';
export * from './retrain-policy-changed';
export * from './run-kl-budget-assigned';
export * from './session-ended';
export * from './redaction-policy-configured';

/** The retrain-policy events, at their latest version. */
export type RetrainPolicyEvent =
  RetrainPolicyCreated | RetrainPolicyPaused | RetrainPolicyResumed | RetrainPolicyDeleted;
export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;

/** The records people create (policies, keys, budgets): each projected to a table. */
export type RecordEvent = RetrainPolicyEvent | ApiKeyEvent | RunKlBudgetAssigned | RedactionPolicyConfigured;

/** Every event of the configuration family, at its latest version: the records, and the sign-outs the api follows in memory. */
export type ConfigurationEvent = RecordEvent | SessionEnded;

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
] as const satisfies readonly ConfigurationEvent['type'][];
