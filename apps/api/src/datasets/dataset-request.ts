import { z } from 'zod';
import { instantSchema } from '@hindsight/contracts';
import { datasetRecipeSchema } from '@hindsight/datasets';

const recipe = datasetRecipeSchema.shape;

/**
 * The body of `POST /v1/datasets`: `DatasetsService.request` parses it with this
 * very schema, and `/docs/openapi.json` describes the body with it. The recipe is
 * the datasets lib's `datasetRecipeSchema` (its defaults filled in); `objectives`,
 * `outputs` and `fileFormat` beside it override the recipe's and follow its rules
 * (without its defaults: absent means "as the recipe says"). That `asOf` is not
 * in the future is checked against the clock, after the parse.
 */
export const datasetRequestSchema = z.strictObject({
  asOf: instantSchema,
  objectives: recipe.objectives.unwrap().optional(),
  outputs: recipe.outputs.in.unwrap().optional(),
  fileFormat: recipe.fileFormat.unwrap().optional(),
  recipe: datasetRecipeSchema.optional(),
});
export type DatasetRequest = z.output<typeof datasetRequestSchema>;
