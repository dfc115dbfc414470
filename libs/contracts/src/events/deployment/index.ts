import { feedbackRecordedV1, type FeedbackRecorded } from './feedback-recorded';
import { interactionLoggedV1, interactionLoggedV2, type InteractionLogged } from './interaction-logged';
import { outcomeRecordedV1, type OutcomeRecorded } from './outcome-recorded';

export * from './feedback-recorded';
export * from './interaction-logged';
export * from './outcome-recorded';

/** Every event of the deployment-feedback family, at its latest version. */
export type DeploymentEvent = InteractionLogged | FeedbackRecorded | OutcomeRecorded;

/** Definitions of every published version of the deployment family. */
export const deploymentEventDefinitions = [
  interactionLoggedV1,
  interactionLoggedV2,
  feedbackRecordedV1,
  outcomeRecordedV1,
] as const;

export const DEPLOYMENT_EVENT_TYPES = [
  'interaction.logged',
  'feedback.recorded',
  'outcome.recorded',
] as const satisfies readonly DeploymentEvent['type'][];
