import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { FieldIssue, HindsightEvent } from '@hindsight/contracts';
import { LOGGER } from '@hindsight/runtime';
import { QueueAssignmentRepository } from '@hindsight/store';
import { checkSubmission, type SubmittedComparison } from './submission-check';

/** A sealed event about to be published, with the path prefix its issues go under. */
export interface PendingSubmission {
  readonly index: number;
  readonly event: HindsightEvent;
  /** `data.` for a single event, `events[3].data.` in a batch. */
  readonly dataPath: string;
}

/** The comparison data of `event` when it names an assignment; other events are not checked. */
function submittedFor(event: HindsightEvent): SubmittedComparison | undefined {
  if (event.type !== 'comparison.recorded' || event.data.assignmentId === undefined) return undefined;
  const { assignmentId, queueId, taskId, raterId, shownOrder } = event.data;
  return { assignmentId, queueId, taskId, raterId, shownOrder };
}

/**
 * The ingestion side of annotation queues: a comparison that names an
 * assignment must record the order actually served, by the rater it was
 * served to; once Kafka has acknowledged it, the assignment is marked completed.
 */
@Injectable()
export class AssignmentSubmissions {
  constructor(
    private readonly assignments: QueueAssignmentRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Issues by index for the submissions that do not match their assignment (one query for all). */
  async verify(tenant: string, pending: readonly PendingSubmission[]): Promise<Map<number, FieldIssue[]>> {
    const submitted = pending.flatMap((p) => {
      const s = submittedFor(p.event);
      return s ? [{ ...p, submitted: s }] : [];
    });
    const issues = new Map<number, FieldIssue[]>();
    if (submitted.length === 0) return issues;
    const served = new Map((await this.assignments.findByIds(tenant, submitted.map((s) => s.submitted.assignmentId))).map((a) => [a.id, a]));
    for (const s of submitted) {
      const found = checkSubmission(s.submitted, served.get(s.submitted.assignmentId), s.dataPath);
      if (found.length > 0) issues.set(s.index, found);
    }
    return issues;
  }

  /**
   * Marks the assignments of accepted submissions completed. Called after the
   * Kafka ack; bookkeeping only (nothing is gated on it), so a database error is
   * logged rather than failing a request whose event is already on Kafka.
   */
  async complete(tenant: string, events: readonly HindsightEvent[]): Promise<void> {
    const ids = events.flatMap((e) => submittedFor(e)?.assignmentId ?? []);
    if (ids.length === 0) return;
    try {
      await this.assignments.markCompleted(tenant, ids);
    } catch (error) {
      this.logger.warn({ err: error, tenant, assignmentIds: ids }, 'could not mark queue assignments completed');
    }
  }
}
