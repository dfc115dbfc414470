import type { ComparisonRecorded } from '@hindsight/contracts';
import type { QueueChange } from './queue-changes';

/**
 * The completion a comparison makes of the queue assignment it names, or
 * undefined when it names none (or no queue: the api refuses an assignment's
 * comparison without its queue, and a completion is matched by queue).
 *
 * The comparison is itself the record that the assignment was judged, so the
 * projection completes the assignment from it: a `queue.assignment-completed`
 * the api could not publish then leaves nothing open, live or rebuilt. Both say
 * the same (completed at the comparison's `recordedAt`, the first time kept), so
 * either may arrive first; the comparison is on another topic than the
 * assignment, and a rebuild may apply it before the assignment exists (the
 * store keeps it for the assignment: `assignment_judgments`).
 *
 * @example judgedAssignmentOf(comparison naming queueId 'q', assignmentId 'a1', recorded at T)
 *   // { kind: 'assignment-judged', queueId: 'q', assignmentId: 'a1', judgedAt: T, annotationId: comparison.id, … }
 */
export function judgedAssignmentOf(event: ComparisonRecorded): QueueChange | undefined {
  const d = event.data;
  if (d.assignmentId === undefined || d.queueId === undefined) return undefined;
  return {
    kind: 'assignment-judged',
    tenant: event.tenant,
    queueId: d.queueId,
    taskId: d.taskId,
    assignmentId: d.assignmentId,
    annotationId: event.id,
    judgedAt: event.recordedAt,
  };
}
