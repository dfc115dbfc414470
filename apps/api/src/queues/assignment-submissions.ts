import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { FieldIssue, HindsightEvent } from '@hindsight/contracts';
import { planQueueChange } from '@hindsight/projections';
import { LOGGER } from '@hindsight/runtime';
import { QueueAssignmentRepository, QueueRepository } from '@hindsight/store';
import { QueueEvents } from './queue-events';
import { checkRubric } from './rubric-check';
import { checkSubmission, type SubmittedComparison } from './submission-check';

/** A sealed event about to be published, with the path prefix its issues go under. */
export interface PendingSubmission {
  readonly index: number;
  readonly event: HindsightEvent;
  /** `data.` for a single event, `events[3].data.` in a batch. */
  readonly dataPath: string;
}

/** What `verify` found, by the submissions' indexes. */
export interface SubmissionVerdicts {
  /** Refused whatever the idempotency store holds: no such assignment, another rater, task, queue or order, expired. */
  readonly refused: ReadonlyMap<number, FieldIssue[]>;
  /** The assignment was already judged: refused with these issues (a 409) unless the request replays its key. */
  readonly judged: ReadonlyMap<number, FieldIssue[]>;
}

/** The comparison data of `event` when it names an assignment; other events are not checked. */
function submittedFor(event: HindsightEvent): SubmittedComparison | undefined {
  if (event.type !== 'comparison.recorded' || event.data.assignmentId === undefined) return undefined;
  const { assignmentId, queueId, taskId, raterId, shownOrder, rubric } = event.data;
  return { assignmentId, queueId, taskId, raterId, shownOrder, rubric };
}

/**
 * The ingestion side of annotation queues: a comparison that names an
 * assignment must record the order actually served, by the rater it was
 * served to; once Kafka has acknowledged it, the assignment is completed by a
 * `queue.assignment-completed` event (and then its row; the projection also
 * completes it from the comparison itself).
 */
@Injectable()
export class AssignmentSubmissions {
  constructor(
    private readonly assignments: QueueAssignmentRepository,
    private readonly queues: QueueRepository,
    private readonly events: QueueEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Issues by index for the submissions that do not match their assignment (one query for all), in `refused`;
   * in `judged`, those whose assignment was already judged, with the 409's issue: a retry of the judgment that
   * judged it (same idempotency key, same request) is answered from the idempotency store as the first time, so
   * ingestion refuses these only when the key does not replay (`IngestionService.commit`).
   */
  async verify(tenant: string, pending: readonly PendingSubmission[]): Promise<SubmissionVerdicts> {
    const submitted = pending.flatMap((p) => {
      const s = submittedFor(p.event);
      return s ? [{ ...p, submitted: s }] : [];
    });
    const issues = new Map<number, FieldIssue[]>();
    const judged = new Map<number, FieldIssue[]>();
    if (submitted.length === 0) return { refused: issues, judged };
    const served = new Map(
      (
        await this.assignments.findByIds(
          tenant,
          submitted.map((s) => s.submitted.assignmentId),
        )
      ).map((a) => [a.id, a]),
    );
    for (const s of submitted) {
      const assignment = served.get(s.submitted.assignmentId);
      const found = checkSubmission(s.submitted, assignment, s.dataPath);
      if (assignment?.completedAt) {
        judged.set(s.index, found);
        continue;
      }
      // The rubric scores are checked against the queue's dimensions once the assignment matches.
      if (found.length === 0 && assignment)
        found.push(
          ...checkRubric(
            s.submitted.rubric,
            (await this.queues.findQueue(tenant, assignment.queueId))?.rubric ?? [],
            s.dataPath,
          ),
        );
      if (found.length > 0) issues.set(s.index, found);
    }
    return { refused: issues, judged };
  }

  /**
   * Completes the assignments of accepted (verified, acknowledged) submissions,
   * at the comparison's `recordedAt`: `queue.assignment-completed`, then the
   * api's rows at once. A failure is logged rather than failing a request whose
   * comparison is already on Kafka: the projection completes an assignment from
   * its comparison too (`assignment-judged`, libs/projections), so the row is
   * completed when the projector applies the comparison, and a rebuild does the
   * same. The event is still published: it keeps the completion on the queue's
   * partition, for the readers of the queues topic and for a rebuild after the
   * rater's erasure, which leaves the comparison unreadable.
   */
  async complete(tenant: string, events: readonly HindsightEvent[]): Promise<void> {
    const completions = events.flatMap((e) => {
      const s = submittedFor(e);
      // verify() refused a submission whose queue differs from its assignment's, so queueId is there.
      if (s === undefined || s.queueId === undefined) return [];
      return [
        this.events.record(tenant, 'queue.assignment-completed', {
          queueId: s.queueId,
          taskId: s.taskId,
          assignmentId: s.assignmentId,
          annotationId: e.id,
          completedAt: e.recordedAt,
        }),
      ];
    });
    if (completions.length === 0) return;
    try {
      await this.events.publish(completions);
      await this.queues.apply(completions.map(planQueueChange));
    } catch (error) {
      this.logger.warn(
        { err: error, tenant, assignmentIds: completions.map((c) => c.data.assignmentId) },
        'could not complete queue assignments',
      );
    }
  }
}
