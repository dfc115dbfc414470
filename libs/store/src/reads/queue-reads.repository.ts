import type { DataSource } from 'typeorm';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export interface QueueFilter extends ReadWindow {
  readonly queue?: string;
  readonly objective?: string;
  /** Only queues this rater has assignments in; their per-rater progress only. */
  readonly rater?: string;
}

/**
 * Counts of one queue or one rater in it. Reversal checks (`reversal_of` set) are not
 * counted: they fill no slot of a task. Assignments are done (judged), open (neither judged
 * nor expired) or expired (lease ran out, or skipped); a task is expired when it is not done
 * and at least one of its assignments expired (its slot went back to the pool).
 */
export interface Progress {
  readonly done: number;
  readonly open: number;
  readonly expired: number;
}

export interface QueueItem {
  readonly queueId: string;
  readonly name: string;
  readonly overlap: number;
  readonly counterbalance: boolean;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly createdAt: string;
  /** Tasks: done when every slot of its overlap has a completed judgment, open otherwise. */
  readonly tasks: Progress & { readonly total: number };
  /** Assignments handed out: done (judged) or open. */
  readonly assignments: Progress;
  readonly raters: readonly (Progress & { readonly raterId: string })[];
}

/** Reads of the annotation-queue projections with their progress. */
export class QueueReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queues(tenant: string, f: QueueFilter): Promise<ReadPage<QueueItem>> {
    const params: unknown[] = [tenant];
    const where = ['q.tenant = $1'];
    if (f.queue !== undefined) where.push(`q.id = $${params.push(f.queue)}`);
    if (f.objective !== undefined) where.push(`q.objective = $${params.push(f.objective)}`);
    if (f.rater !== undefined)
      where.push(
        `EXISTS (SELECT 1 FROM queue_assignments a WHERE a.tenant = q.tenant AND a.queue_id = q.id AND a.rater_id = $${params.push(f.rater)})`,
      );
    const { rows, nextCursor } = await readPage<{
      id: string;
      name: string;
      overlap: number;
      counterbalance: boolean;
      task_type: string | null;
      objective: string | null;
      guideline_version: string | null;
      created_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'queues',
        columns:
          'q.id, q.name, q.overlap, q.counterbalance, q.task_type, q.objective, q.guideline_version, q.created_at',
        from: 'annotation_queues q',
        where,
        params,
        sortAt: 'q.created_at',
        idOf: 'q.id',
      },
      f,
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return { items: [], nextCursor };
    const [tasks, raters]: [
      { queue_id: string; total: string; done: string; expired: string }[],
      { queue_id: string; rater_id: string; done: string; open: string; expired: string }[],
    ] = await Promise.all([
      this.dataSource.query(
        `SELECT t.queue_id, count(*)::text AS total, count(*) FILTER (WHERE t.judged >= t.overlap)::text AS done,
                count(*) FILTER (WHERE t.judged < t.overlap AND t.expired > 0)::text AS expired
         FROM (SELECT t.queue_id, t.overlap, count(a.completed_at) FILTER (WHERE a.reversal_of IS NULL) AS judged,
                      count(a.expired_at) FILTER (WHERE a.reversal_of IS NULL) AS expired FROM queue_tasks t
               LEFT JOIN queue_assignments a ON a.tenant = t.tenant AND a.queue_id = t.queue_id AND a.task_id = t.task_id
               WHERE t.tenant = $1 AND t.queue_id = ANY($2::text[]) GROUP BY t.queue_id, t.task_id, t.overlap) t
         GROUP BY t.queue_id`,
        [tenant, ids],
      ),
      this.dataSource.query(
        `SELECT queue_id, rater_id, count(completed_at)::text AS done, count(*) FILTER (WHERE completed_at IS NULL AND expired_at IS NULL)::text AS open,
                count(*) FILTER (WHERE completed_at IS NULL AND expired_at IS NOT NULL)::text AS expired
         FROM queue_assignments WHERE tenant = $1 AND queue_id = ANY($2::text[]) AND reversal_of IS NULL ${f.rater === undefined ? '' : 'AND rater_id = $3'}
         GROUP BY queue_id, rater_id ORDER BY queue_id, rater_id`,
        f.rater === undefined ? [tenant, ids] : [tenant, ids, f.rater],
      ),
    ]);
    const items = rows.map((r): QueueItem => {
      const t = tasks.find((x) => x.queue_id === r.id);
      const perRater = raters
        .filter((x) => x.queue_id === r.id)
        .map((x) => ({ raterId: x.rater_id, done: Number(x.done), open: Number(x.open), expired: Number(x.expired) }));
      const total = Number(t?.total ?? 0);
      const done = Number(t?.done ?? 0);
      return {
        queueId: r.id,
        name: r.name,
        overlap: r.overlap,
        counterbalance: r.counterbalance,
        taskType: r.task_type,
        objective: r.objective,
        guidelineVersion: r.guideline_version,
        createdAt: isoOf(r.created_at) as string,
        tasks: { total, done, open: total - done, expired: Number(t?.expired ?? 0) },
        assignments: {
          done: perRater.reduce((s, x) => s + x.done, 0),
          open: perRater.reduce((s, x) => s + x.open, 0),
          expired: perRater.reduce((s, x) => s + x.expired, 0),
        },
        raters: perRater,
      };
    });
    return { items, nextCursor };
  }
}
