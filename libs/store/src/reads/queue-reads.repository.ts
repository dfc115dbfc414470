import type { DataSource } from 'typeorm';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export interface QueueFilter extends ReadWindow {
  readonly queue?: string;
  readonly objective?: string;
  /** Only queues this rater has assignments in; their per-rater progress only. */
  readonly rater?: string;
}

/**
 * Counts of one queue or one rater in it. `expired` is null: assignments do not
 * expire yet (no lease is recorded), so none can be counted.
 */
export interface Progress {
  readonly done: number;
  readonly open: number;
  readonly expired: number | null;
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
    if (f.rater !== undefined) where.push(`EXISTS (SELECT 1 FROM queue_assignments a WHERE a.tenant = q.tenant AND a.queue_id = q.id AND a.rater_id = $${params.push(f.rater)})`);
    const { rows, nextCursor } = await readPage<{
      id: string; name: string; overlap: number; counterbalance: boolean; task_type: string | null; objective: string | null; guideline_version: string | null; created_at: Date;
    }>(
      this.dataSource,
      { kind: 'queues', columns: 'q.id, q.name, q.overlap, q.counterbalance, q.task_type, q.objective, q.guideline_version, q.created_at', from: 'annotation_queues q', where, params, sortAt: 'q.created_at', idOf: 'q.id' },
      f,
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return { items: [], nextCursor };
    const [tasks, raters]: [{ queue_id: string; total: string; done: string }[], { queue_id: string; rater_id: string; done: string; open: string }[]] = await Promise.all([
      this.dataSource.query(
        `SELECT t.queue_id, count(*)::text AS total, count(*) FILTER (WHERE t.judged >= t.overlap)::text AS done
         FROM (SELECT t.queue_id, t.overlap, count(a.completed_at) AS judged FROM queue_tasks t
               LEFT JOIN queue_assignments a ON a.tenant = t.tenant AND a.queue_id = t.queue_id AND a.task_id = t.task_id
               WHERE t.tenant = $1 AND t.queue_id = ANY($2::text[]) GROUP BY t.queue_id, t.task_id, t.overlap) t
         GROUP BY t.queue_id`,
        [tenant, ids],
      ),
      this.dataSource.query(
        `SELECT queue_id, rater_id, count(completed_at)::text AS done, count(*) FILTER (WHERE completed_at IS NULL)::text AS open
         FROM queue_assignments WHERE tenant = $1 AND queue_id = ANY($2::text[]) ${f.rater === undefined ? '' : 'AND rater_id = $3'}
         GROUP BY queue_id, rater_id ORDER BY queue_id, rater_id`,
        f.rater === undefined ? [tenant, ids] : [tenant, ids, f.rater],
      ),
    ]);
    const items = rows.map((r): QueueItem => {
      const t = tasks.find((x) => x.queue_id === r.id);
      const perRater = raters.filter((x) => x.queue_id === r.id).map((x) => ({ raterId: x.rater_id, done: Number(x.done), open: Number(x.open), expired: null }));
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
        tasks: { total, done, open: total - done, expired: null },
        assignments: { done: perRater.reduce((s, x) => s + x.done, 0), open: perRater.reduce((s, x) => s + x.open, 0), expired: null },
        raters: perRater,
      };
    });
    return { items, nextCursor };
  }
}
