import type { DataSource } from 'typeorm';
import type { ComparisonItem } from '@hindsight/api-types';
import { isoOf, readPage, type ReadPage, type ReadWindow } from './read-page';

export type { ComparisonItem } from '@hindsight/api-types';

export interface AnnotationFilter extends ReadWindow {
  readonly rater?: string;
  readonly objective?: string;
  readonly modelVersion?: string;
}

/** A rating as the read API shows it (from the event store: ratings have no projection of their own), corrections applied. */
export interface RatingItem {
  readonly eventId: string;
  readonly taskId: string | null;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly raterId: string | null;
  readonly prompt: string | null;
  readonly response: unknown;
  readonly scale: unknown;
  readonly scores: unknown;
  readonly guidelineVersion: string | null;
  readonly dwellTimeMs: number | null;
  readonly queueId: string | null;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** When it was last corrected (the corrected fields are applied) and retracted, if it was. */
  readonly correctedAt: string | null;
  readonly retractedAt: string | null;
  readonly erased: boolean;
}

/** A rater profile (an erased rater has none: the erasure deletes the profile). */
export interface RaterItem {
  readonly raterId: string;
  readonly expertise: unknown;
  readonly languages: unknown;
  readonly region: string;
  readonly optInGroup: string | null;
  /** `human`, or `model` for an AI judge (which then names its model and prompt and/or constitution version) */
  readonly kind: 'human' | 'model';
  readonly modelId: string | null;
  readonly promptVersion: string | null;
  readonly constitutionVersion: string | null;
  readonly recordedAt: string;
}

/** Reads of the annotation projections (comparisons, raters) and of ratings in the event store, one tenant at a time. */
export class AnnotationReadsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async comparisons(tenant: string, f: AnnotationFilter): Promise<ReadPage<ComparisonItem>> {
    const params: unknown[] = [tenant];
    const where = ['c.tenant = $1'];
    if (f.rater !== undefined) where.push(`c.rater_id = $${params.push(f.rater)}`);
    if (f.objective !== undefined) where.push(`c.objective = $${params.push(f.objective)}`);
    if (f.modelVersion !== undefined)
      where.push(
        `c.responses @> jsonb_build_array(jsonb_build_object('modelVersion', $${params.push(f.modelVersion)}::text))`,
      );
    const { rows, nextCursor } = await readPage<Record<string, never>>(
      this.dataSource,
      {
        kind: 'comparisons',
        columns: 'c.*',
        from: 'comparisons c',
        where,
        params,
        sortAt: 'c.recorded_at',
        idOf: 'c.annotation_id',
      },
      f,
    );
    const items = (rows as unknown as Record<string, unknown>[]).map((r): ComparisonItem => {
      const erased = r.erased === true;
      return {
        annotationId: String(r.annotation_id),
        taskId: String(r.task_id),
        taskType: String(r.task_type),
        objective: String(r.objective),
        raterId: String(r.rater_id),
        prompt: erased ? null : String(r.prompt),
        responses: erased ? null : r.responses,
        shownOrder: r.shown_order,
        choice: r.choice,
        strength: (r.strength as number | null) ?? null,
        guidelineVersion: String(r.guideline_version),
        interfaceVersion: (r.interface_version as string | null) ?? null,
        dwellTimeMs: Number(r.dwell_time_ms),
        locale: String(r.locale),
        rubric: erased ? {} : ((r.rubric as Record<string, number> | null) ?? {}),
        comment: erased ? null : ((r.comment as string | null) ?? null),
        occurredAt: isoOf(r.occurred_at as Date) as string,
        recordedAt: isoOf(r.recorded_at as Date) as string,
        correctedAt: isoOf(r.corrected_at as Date | null),
        retractedAt: isoOf(r.retracted_at as Date | null),
        erased,
      };
    });
    return { items, nextCursor };
  }

  async ratings(tenant: string, f: AnnotationFilter): Promise<ReadPage<RatingItem>> {
    const params: unknown[] = [tenant];
    const where = ['e.tenant = $1', `e.type = 'rating.recorded'`];
    if (f.rater !== undefined) where.push(`e.payload -> 'data' ->> 'raterId' = $${params.push(f.rater)}`);
    // The objective as corrected, if a correction changed it.
    if (f.objective !== undefined) {
      where.push(
        `COALESCE((SELECT a.changes ->> 'objective' FROM annotation_amendments a WHERE a.tenant = e.tenant AND a.annotation_id = e.id AND a.kind = 'corrected' AND a.changes ? 'objective'
                   ORDER BY a.recorded_at DESC, a.event_id DESC LIMIT 1), e.payload -> 'data' ->> 'objective') = $${params.push(f.objective)}`,
      );
    }
    if (f.modelVersion !== undefined)
      where.push(`e.payload -> 'data' -> 'response' ->> 'modelVersion' = $${params.push(f.modelVersion)}`);
    const { rows, nextCursor } = await readPage<{
      id: string;
      data: Record<string, unknown>;
      erased: boolean;
      occurred_at: Date;
      recorded_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'ratings',
        columns: `e.id, e.payload -> 'data' AS data, e.erased, e.occurred_at, e.recorded_at`,
        from: 'events e',
        where,
        params,
        sortAt: 'e.recorded_at',
        idOf: 'e.id',
      },
      f,
    );
    const amendments: {
      annotation_id: string;
      kind: 'corrected' | 'retracted';
      changes: Record<string, unknown>;
      recorded_at: Date;
    }[] =
      rows.length === 0
        ? []
        : await this.dataSource.query(
            'SELECT annotation_id::text, kind, changes, recorded_at FROM annotation_amendments WHERE tenant = $1 AND annotation_id = ANY($2::uuid[]) ORDER BY recorded_at, event_id',
            [tenant, rows.map((r) => r.id)],
          );
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    const items = rows.map((r): RatingItem => {
      let d: Record<string, unknown> = r.erased ? {} : { ...r.data };
      let correctedAt: string | null = null;
      let retractedAt: string | null = null;
      for (const a of amendments.filter((x) => x.annotation_id === r.id)) {
        if (a.kind === 'retracted') retractedAt ??= isoOf(a.recorded_at);
        else if (!r.erased) {
          d = { ...d, ...a.changes };
          correctedAt = isoOf(a.recorded_at);
        }
      }
      return {
        eventId: r.id,
        taskId: text(d.taskId),
        taskType: text(d.taskType),
        objective: text(d.objective),
        raterId: text(d.raterId),
        prompt: text(d.prompt),
        response: d.response ?? null,
        scale: d.scale ?? null,
        scores: d.scores ?? null,
        guidelineVersion: text(d.guidelineVersion),
        dwellTimeMs: typeof d.dwellTimeMs === 'number' ? d.dwellTimeMs : null,
        queueId: text(d.queueId),
        occurredAt: isoOf(r.occurred_at) as string,
        recordedAt: isoOf(r.recorded_at) as string,
        correctedAt,
        retractedAt,
        erased: r.erased,
      };
    });
    return { items, nextCursor };
  }

  async raters(tenant: string, f: Pick<AnnotationFilter, 'rater'> & ReadWindow): Promise<ReadPage<RaterItem>> {
    const params: unknown[] = [tenant];
    const where = ['r.tenant = $1'];
    if (f.rater !== undefined) where.push(`r.rater_id = $${params.push(f.rater)}`);
    const { rows, nextCursor } = await readPage<{
      rater_id: string;
      expertise: unknown;
      languages: unknown;
      region: string;
      opt_in_group: string | null;
      kind: 'human' | 'model';
      model_id: string | null;
      prompt_version: string | null;
      constitution_version: string | null;
      recorded_at: Date;
    }>(
      this.dataSource,
      {
        kind: 'raters',
        columns:
          'r.rater_id, r.expertise, r.languages, r.region, r.opt_in_group, r.kind, r.model_id, r.prompt_version, r.constitution_version, r.recorded_at',
        from: 'raters r',
        where,
        params,
        sortAt: 'r.recorded_at',
        idOf: 'r.rater_id',
      },
      f,
    );
    return {
      items: rows.map((r) => ({
        raterId: r.rater_id,
        expertise: r.expertise,
        languages: r.languages,
        region: r.region,
        optInGroup: r.opt_in_group,
        kind: r.kind,
        modelId: r.model_id,
        promptVersion: r.prompt_version,
        constitutionVersion: r.constitution_version,
        recordedAt: isoOf(r.recorded_at) as string,
      })),
      nextCursor,
    };
  }
}
