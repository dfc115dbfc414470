import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, isoDateTime, nonNegativeInt, objective, sha256, token } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

/** One built dataset: its objective, the SHA-256 of its bytes, the number of examples, where its manifest is. */
export const builtDatasetSchema = z.strictObject({
  objective: objective(),
  sha256: sha256(),
  examples: nonNegativeInt(),
  manifestUri: token(2_000).optional(),
});

/**
 * `retrain.dataset-built` v1: the point-in-time datasets of a run are built,
 * one per objective (unique). `codeVersion` is the builder's version, also in
 * each manifest.
 */
export const retrainDatasetBuiltDataV1 = z
  .strictObject({
    runId: id(),
    asOf: isoDateTime(),
    datasets: z.array(builtDatasetSchema).min(1).max(MAX_LIST_ITEMS),
    codeVersion: token().optional(),
  })
  .superRefine((data, ctx) => uniqueBy(data.datasets, 'objective', 'datasets', ctx));

/** Adds a `must be unique` issue on `[listPath, index, key]` for every repeated `item[key]`. */
export function uniqueBy<T, K extends keyof T & string>(
  items: readonly T[],
  key: K,
  listPath: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<unknown>();
  items.forEach((item, index) => {
    if (seen.has(item[key]))
      ctx.addIssue({ code: 'custom', path: [listPath, index, key], message: 'must be unique', input: item[key] });
    seen.add(item[key]);
  });
}

export const retrainDatasetBuiltV1 = defineEvent({
  type: 'retrain.dataset-built',
  version: 1,
  topic: TOPICS.retraining,
  description:
    'The point-in-time datasets of a run are built: one per objective (unique), each with the SHA-256 of its bytes and its example count.',
  data: retrainDatasetBuiltDataV1,
  subject: (data) => ({ kind: 'run', id: data.runId }),
  partitionKey: (data) => data.runId,
  // A client that could send it could forge a run's datasets.
  senders: { platform: 'trainer' },
  personalSubject: null,
  erasedBy: [],
});

export type RetrainDatasetBuilt = EventOf<typeof retrainDatasetBuiltV1>;
export type RetrainDatasetBuiltInput = EventInputOf<typeof retrainDatasetBuiltV1>;
export type RetrainDatasetBuiltData = DataOf<typeof retrainDatasetBuiltV1>;
