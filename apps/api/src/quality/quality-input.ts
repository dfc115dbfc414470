import { z } from 'zod';
import { instantSchema } from '@hindsight/contracts';
import { targetProfileSchema } from '@hindsight/quality-report';

/**
 * The body of `POST /v1/quality/report`: `QualityService.reportWithTarget` parses
 * it with this very schema, and `/docs/openapi.json` describes the body with it.
 * The target profile is the quality-report lib's (the CLI's `--target-profile` file).
 */
export const qualityReportRequestSchema = z.strictObject({
  asOf: instantSchema,
  targetProfile: targetProfileSchema.optional(),
});
