import type { AnnotationCorrected, AnnotationRetracted } from '@hindsight/contracts';
import type { AmendmentRow } from '../change-set';

/** The events that amend an annotation already recorded. */
export type AnnotationAmendment = AnnotationCorrected | AnnotationRetracted;

/**
 * The `annotation_amendments` row of one correction or retraction (pure): a
 * correction keeps only the corrected fields (its reason stays in the event
 * store), a retraction only its reason. The store applies the rows in the order
 * recorded, so a later amendment wins.
 *
 * @example amendmentOf(retracted) // { annotationId, kind: 'retracted', changes: { reason: 'Rater misread the prompt.' }, … }
 */
export function amendmentOf(event: AnnotationAmendment): AmendmentRow {
  return {
    tenant: event.tenant,
    recordedAt: event.recordedAt,
    eventId: event.id,
    annotationId: event.data.annotationId,
    kind: event.type === 'annotation.corrected' ? 'corrected' : 'retracted',
    changes: event.type === 'annotation.corrected' ? { ...event.data.corrected } : { reason: event.data.reason },
  };
}
