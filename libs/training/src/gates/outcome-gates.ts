import type { OutcomeAuditResult } from '../outcomes/audit-outcomes';
import type { GateThresholds } from './quality-gates';

/** Why an outcome gate refuses to register (promote) a trained model. */
export interface OutcomeGateReason {
  readonly code: 'outcome-auc-below-minimum' | 'outcome-worse-than-parent';
  readonly message: string;
}

const f3 = (x: number) => x.toFixed(3);

/**
 * The outcome gates of a trained model, from its outcome audit: `minOutcomeAuc`
 * refuses a model whose overall AUC is below it; `outcomeNotWorseThanParent`
 * refuses a model flagged against its parent (the paired difference's interval
 * lies below 0). A gate that is off, or whose AUC is not computable (no parent,
 * too few outcomes), gives no reason. Pure.
 * @example evaluateOutcomeGates('helpfulness', 'helpfulness-r2', 'helpfulness-r1', audit, { ...t, outcomeNotWorseThanParent: true })
 * @throws never
 */
export function evaluateOutcomeGates(
  objective: string,
  modelVersion: string,
  parentVersion: string | null,
  audit: OutcomeAuditResult | null,
  thresholds: Pick<GateThresholds, 'minOutcomeAuc' | 'outcomeNotWorseThanParent'>,
): OutcomeGateReason[] {
  const reasons: OutcomeGateReason[] = [];
  const overall = audit?.overall;
  if (thresholds.minOutcomeAuc !== undefined && overall?.auc != null && overall.auc < thresholds.minOutcomeAuc)
    reasons.push({
      code: 'outcome-auc-below-minimum',
      message: `objective ${objective}: ${modelVersion} ranks outcomes with AUC ${f3(overall.auc)} (95 % CI ${f3(overall.ci![0])}–${f3(overall.ci![1])}, ${overall.interactions} interactions), below the minimum of ${thresholds.minOutcomeAuc}`,
    });
  if (thresholds.outcomeNotWorseThanParent && audit?.flagged && overall)
    reasons.push({
      code: 'outcome-worse-than-parent',
      message: `objective ${objective}: ${modelVersion} agrees less with outcomes than its parent ${parentVersion}: AUC ${f3(overall.auc!)} against ${f3(overall.parentAuc!)}, difference ${f3(overall.difference!)} (95 % CI ${f3(overall.differenceCi![0])} to ${f3(overall.differenceCi![1])}, DeLong 1988) over ${overall.interactions} interactions`,
    });
  return reasons;
}
