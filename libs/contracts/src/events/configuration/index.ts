import { apiKeyCreatedV1, apiKeyRevokedV1, type ApiKeyCreated, type ApiKeyRevoked } from './api-key-events';
import { retrainPolicyCreatedV1, type RetrainPolicyCreated } from './retrain-policy-created';
import { retrainPolicyDeletedV1, retrainPolicyPausedV1, retrainPolicyResumedV1, type RetrainPolicyDeleted, type RetrainPolicyPaused, type RetrainPolicyResumed } from './retrain-policy-changed';
import { runKlBudgetAssignedV1, type RunKlBudgetAssigned } from './run-kl-budget-assigned';

export * from './api-key-events';
export * from './retrain-policy-created';
export * from './retrain-policy-changed';
export * from './run-kl-budget-assigned';

/** The retrain-policy events, at their latest version. */
export type RetrainPolicyEvent = RetrainPolicyCreated | RetrainPolicyPaused | RetrainPolicyResumed | RetrainPolicyDeleted;
export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked;

/** Every event of the configuration family (records people create), at its latest version. */
export type ConfigurationEvent = RetrainPolicyEvent | ApiKeyEvent | RunKlBudgetAssigned;

/** Definitions of every published version of the configuration family. */
export const configurationEventDefinitions = [
  retrainPolicyCreatedV1,
  retrainPolicyPausedV1,
  retrainPolicyResumedV1,
  retrainPolicyDeletedV1,
  apiKeyCreatedV1,
  apiKeyRevokedV1,
  runKlBudgetAssignedV1,
] as const;

export const CONFIGURATION_EVENT_TYPES = [
  'retrain-policy.created',
  'retrain-policy.paused',
  'retrain-policy.resumed',
  'retrain-policy.deleted',
  'api-key.created',
  'api-key.revoked',
  'run.kl-budget-assigned',
] as const satisfies readonly ConfigurationEvent['type'][];
