import type { EntityManager } from 'typeorm';
import { erasedByOf, erasureTargets, type ErasableSubjectKind, type HindsightEvent } from '@hindsight/contracts';

/**
 * Which events an erasure clears comes from the event definitions (`erasedBy`
 * in `libs/contracts`), not from lists here: a new type declares it and erasure
 * follows. Every field declared there needs an expression index on `events`
 * (see the migrations; a unit test compares the two).
 */

/** The expression the indexes of `events` by personal subject are built on. Only plain identifiers reach it (`erasureTargets` checks). */
export const dataFieldExpression = (field: string): string => `(payload -> 'data' ->> '${field}')`;

const REDACT = `payload = jsonb_set(payload, '{data}', jsonb_build_object('erased', true)), erased = true`;

/**
 * Replaces the data of every event the erasure of (`kind`, `subjectId`) clears
 * with `{ erased: true }` (the envelope stays, as the audit trail), and drops the
 * amendment rows projected from them.
 */
export async function tombstoneErasedEvents(
  tx: EntityManager,
  tenant: string,
  kind: ErasableSubjectKind,
  subjectId: string,
): Promise<void> {
  for (const statement of tombstoneStatements(kind))
    await tx.query(statement.sql, [tenant, subjectId, statement.types]);
}

/**
 * The statements that erase a subject of `kind` from `events`, with the types
 * each applies to: `$1` tenant, `$2` subject id, `$3` the types. A user's
 * erasure is also the erasure of each interaction logged with their `userId`.
 */
export function tombstoneStatements(
  kind: ErasableSubjectKind,
): { readonly sql: string; readonly types: readonly string[] }[] {
  const direct = erasureTargets(kind).map((target) => ({
    sql: tombstone(`${dataFieldExpression(target.field)} = $2`),
    types: target.types,
  }));
  if (kind !== 'user') return direct;
  const viaInteractions = erasureTargets('interaction').map((target) => {
    const field = dataFieldExpression(target.field);
    // IS NOT NULL restates the partial index's predicate, so the planner can use it for the semi-join too.
    return {
      sql: tombstone(
        `${field} IS NOT NULL AND ${field} IN (SELECT interaction_id FROM interactions WHERE tenant = $1 AND user_id = $2)`,
      ),
      types: target.types,
    };
  });
  return [...direct, ...viaInteractions];
}

const tombstone = (condition: string): string =>
  `WITH tombstoned AS (UPDATE events SET ${REDACT} WHERE tenant = $1 AND type = ANY($3::text[]) AND ${condition} RETURNING id)
   DELETE FROM annotation_amendments a USING tombstoned t WHERE a.tenant = $1 AND a.event_id = t.id`;

/** The subjects a batch's events name in a field their definitions declare an erasure looks for, once each. */
export function erasableSubjectsNamed(
  events: readonly HindsightEvent[],
): { tenant: string; kind: ErasableSubjectKind; id: string }[] {
  const named: { tenant: string; kind: ErasableSubjectKind; id: string }[] = [];
  // Seen ids by tenant and kind, not a Map keyed by a string made per event and field: this runs over every
  // event the projector applies, and the key and the object it made for each were garbage at once.
  const seen = new Map<string, Map<ErasableSubjectKind, Set<string>>>();
  for (const e of events) {
    const data = e.data as Record<string, unknown>;
    for (const { kind, field } of erasedByOf(e.type)) {
      const id = data[field];
      if (typeof id !== 'string') continue;
      let kinds = seen.get(e.tenant);
      if (kinds === undefined) seen.set(e.tenant, (kinds = new Map()));
      let ids = kinds.get(kind);
      if (ids === undefined) kinds.set(kind, (ids = new Set()));
      if (ids.has(id)) continue;
      ids.add(id);
      named.push({ tenant: e.tenant, kind, id });
    }
  }
  return named;
}
