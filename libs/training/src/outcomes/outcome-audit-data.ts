import { OUTCOME_AUDIT_METHOD, type ModelOutcomeAuditedData } from '@hindsight/contracts';
import { scoreResponse, type RewardModel } from '@hindsight/reward-model';
import { auditOutcomes, type OutcomeAuditResult } from './audit-outcomes';

/** The confidence level of every outcome audit's intervals. */
export const OUTCOME_AUDIT_LEVEL = 0.95;

/** An interaction with its outcome, as the audit reads it. */
export interface OutcomeCase {
  readonly prompt: string;
  readonly response: string;
  readonly success: boolean;
  readonly surface: string | null;
}

/**
 * Scores each case with the model (and the parent, when there is one) and
 * audits the scores against the outcomes (`auditOutcomes`).
 * @example auditRewardModel(model, parent, cases).flagged
 * @throws RangeError from `auditOutcomes` when a score is not finite.
 */
export function auditRewardModel(
  model: RewardModel,
  parent: RewardModel | null,
  cases: readonly OutcomeCase[],
): OutcomeAuditResult {
  return auditOutcomes(
    cases.map((c) => scoreResponse(model, c.prompt, c.response)),
    parent ? cases.map((c) => scoreResponse(parent, c.prompt, c.response)) : null,
    cases,
    OUTCOME_AUDIT_LEVEL,
  );
}

/** The `model.outcome-audited` data of an audit. */
export function outcomeAuditData(
  audit: OutcomeAuditResult,
  spec: {
    auditId: string;
    runId: string;
    objective: string;
    modelVersion: string;
    parentVersion: string | null;
    asOf: Date;
    trigger: ModelOutcomeAuditedData['trigger'];
  },
): ModelOutcomeAuditedData {
  return {
    ...spec,
    asOf: spec.asOf.toISOString(),
    method: OUTCOME_AUDIT_METHOD,
    level: OUTCOME_AUDIT_LEVEL,
    overall: audit.overall,
    bySurface: audit.bySurface,
    flagged: audit.flagged,
  };
}
