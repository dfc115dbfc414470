import type { FieldIssue } from '@hindsight/contracts';

/** The fields of a submitted comparison that must match what was served. */
export interface SubmittedComparison {
  readonly assignmentId: string;
  readonly queueId?: string;
  readonly taskId: string;
  readonly raterId: string;
  readonly shownOrder: readonly string[];
  /** Rubric scores, checked against the queue's dimensions by checkRubric. */
  readonly rubric?: Readonly<Record<string, number>>;
}

/** What was served: the assignment as stored. */
export interface ServedAssignment {
  readonly id: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly raterId: string;
  readonly shownOrder: readonly string[];
  readonly completedAt?: Date | null;
  readonly expiredAt?: Date | null;
}

/** The start of the rule of a judgment for an assignment already judged or expired: answered 409, not 400. */
export const FINISHED_ASSIGNMENT_RULE = 'the assignment is finished';

/**
 * The issues that make a comparison submitted for an assignment unacceptable:
 * the assignment must exist for the tenant (`served` undefined otherwise), and
 * not judged yet nor expired (FINISHED_ASSIGNMENT_RULE, a 409), and the queue,
 * task, rater and the order shown must be the ones served. Paths are
 * under `prefix` (`data.` for one event, `events[3].data.` in a batch).
 *
 * @example checkSubmission({ assignmentId: 'a1', queueId: 'q', taskId: 't', raterId: 'r', shownOrder: ['x', 'y'] },
 *   { id: 'a1', queueId: 'q', taskId: 't', raterId: 'r', shownOrder: ['y', 'x'] }, 'data.')
 *   // [{ path: 'data.shownOrder', rule: 'must equal the order served for assignment a1' }]
 */
export function checkSubmission(
  submitted: SubmittedComparison,
  served: ServedAssignment | undefined,
  prefix: string,
): FieldIssue[] {
  const id = submitted.assignmentId;
  if (served === undefined)
    return [{ path: `${prefix}assignmentId`, rule: `must name an assignment of this tenant (no assignment ${id})` }];
  if (served.completedAt)
    return [
      {
        path: `${prefix}assignmentId`,
        rule: `${FINISHED_ASSIGNMENT_RULE}: assignment ${id} was already judged (at ${served.completedAt.toISOString()})`,
      },
    ];
  if (served.expiredAt)
    return [
      {
        path: `${prefix}assignmentId`,
        rule: `${FINISHED_ASSIGNMENT_RULE}: assignment ${id} expired at ${served.expiredAt.toISOString()} (its lease ran out) and its slot went back to the pool`,
      },
    ];
  const issues: FieldIssue[] = [];
  if (submitted.queueId !== served.queueId)
    issues.push({ path: `${prefix}queueId`, rule: `must equal the queue of assignment ${id} (${served.queueId})` });
  if (submitted.taskId !== served.taskId)
    issues.push({ path: `${prefix}taskId`, rule: `must equal the task of assignment ${id} (${served.taskId})` });
  if (submitted.raterId !== served.raterId)
    issues.push({ path: `${prefix}raterId`, rule: `must equal the rater of assignment ${id}` });
  const sameOrder =
    submitted.shownOrder.length === served.shownOrder.length &&
    submitted.shownOrder.every((r, i) => r === served.shownOrder[i]);
  if (!sameOrder)
    issues.push({ path: `${prefix}shownOrder`, rule: `must equal the order served for assignment ${id}` });
  return issues;
}
