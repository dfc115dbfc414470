import { annotationCorrectedV1, type AnnotationCorrected } from './annotation-corrected';
import { annotationRetractedV1, type AnnotationRetracted } from './annotation-retracted';
import { comparisonRecordedV1, comparisonRecordedV2, type ComparisonRecorded } from './comparison-recorded';
import { raterProfiledV1, raterProfiledV2, type RaterProfiled } from './rater-profiled';
import { ratingRecordedV1, type RatingRecorded } from './rating-recorded';

export * from './annotation-corrected';
export * from './annotation-retracted';
export * from './comparison-recorded';
export * from './rater-profiled';
export * from './rating-recorded';

/** Every event of the annotation family, at its latest version. */
export type AnnotationEvent =
  ComparisonRecorded | RatingRecorded | AnnotationRetracted | AnnotationCorrected | RaterProfiled;

/** Definitions of every published version of the annotation family. */
export const annotationEventDefinitions = [
  comparisonRecordedV1,
  comparisonRecordedV2,
  ratingRecordedV1,
  annotationRetractedV1,
  annotationCorrectedV1,
  raterProfiledV1,
  raterProfiledV2,
] as const;

export const ANNOTATION_EVENT_TYPES = [
  'comparison.recorded',
  'rating.recorded',
  'annotation.retracted',
  'annotation.corrected',
  'rater.profiled',
] as const satisfies readonly AnnotationEvent['type'][];
