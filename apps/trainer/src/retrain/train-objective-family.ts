import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { QualityInput } from '@hindsight/quality-report';
import { serializeRewardModel, type RewardModel, type RewardTrainingOptions } from '@hindsight/reward-model';
import type { TrainerRunRow } from '@hindsight/store';
import {
  artifactKey,
  raterGroupOf,
  trainFamily,
  UNKNOWN_GROUP,
  type ArtifactStore,
  type PerGroupSpec,
} from '@hindsight/training';
import type { BlendWeightsSource, DatasetPair } from './retrain-ports';

/** The family document a per-group run's registry entry (`model.registered`'s `family`) carries. */
export type FamilyRecord = Record<string, unknown> & { readonly blend: Record<string, unknown> | null };

export interface ObjectiveFamilyRequest {
  readonly run: Pick<TrainerRunRow, 'tenant' | 'runId' | 'request'>;
  readonly objective: string;
  readonly modelVersion: string;
  readonly spec: PerGroupSpec;
  readonly defaultMinPairs: number;
  readonly train: readonly DatasetPair[];
  readonly heldOut: readonly DatasetPair[];
  /** The comparisons and rater profiles as of T: who made each pair, and its task type. */
  readonly quality: QualityInput;
  readonly blends: BlendWeightsSource;
  readonly store: ArtifactStore;
  readonly training: Omit<RewardTrainingOptions, 'onProgress'>;
  readonly log: Logger;
}

/** Where a run's family of one objective is stored: `runs/<tenant>/<runId>/family/<objective>/`. */
export const familyKey = (tenant: string, runId: string, objective: string, name: string): string =>
  artifactKey(`runs/${tenant}/${runId}/family/${objective}/${name}`);

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/**
 * Trains an objective's per-group family and stores it: each member's model
 * (`pooled.json`, `group-<name>.json`), the disagreement report
 * (`disagreement.json`) and the family record (`family.json`), all
 * deterministic bytes. A pair's group is its rater's (the dataset row id starts
 * with the comparison's annotation id); its task type the comparison's.
 * Returns the model to publish and the family record to register.
 */
export async function trainObjectiveFamily(
  request: ObjectiveFamilyRequest,
): Promise<{ published: RewardModel; family: FamilyRecord }> {
  const { run, objective, spec, quality, store, log } = request;
  const minPairs = spec.minPairs ?? request.defaultMinPairs;
  const comparisons = new Map(quality.comparisons.map((c) => [c.id, c]));
  const profiles = new Map(quality.raters.map((r) => [r.raterId, r]));
  const comparisonOf = (rowId: string) => comparisons.get(rowId.slice(0, rowId.indexOf(':')));
  const groupOf = (rowId: string) => {
    const comparison = comparisonOf(rowId);
    return comparison ? raterGroupOf(profiles.get(comparison.raterId), spec.field) : UNKNOWN_GROUP;
  };
  const decision = await request.blends.inEffect(run.tenant, objective, spec.field, new Date(run.request.data.asOf));
  const family = trainFamily({
    field: spec.field,
    minPairs,
    train: request.train.map((r) => ({ pair: r.pair, group: groupOf(r.id) })),
    heldOut: request.heldOut.map((r) => ({ pair: r.pair, taskType: comparisonOf(r.id)?.taskType ?? 'unknown' })),
    blend: decision
      ? {
          eventId: decision.eventId,
          weights: decision.weights,
          reason: decision.reason,
          setBy: decision.setBy,
          setAt: decision.setAt,
        }
      : null,
    training: request.training,
    onModel: (member, pairs) => log.info({ member, field: spec.field, trainingPairs: pairs }, 'training family member'),
  });
  const put = async (name: string, bytes: Uint8Array | string) => ({
    uri: await store.put(familyKey(run.tenant, run.runId, objective, name), bytes),
    sha256: sha256(bytes),
  });
  const member = async (name: string, m: (typeof family.groups)[number], weightDistance: number | null) => {
    const stored = await put(name, serializeRewardModel(m.model));
    return {
      group: m.group,
      artifactUri: stored.uri,
      artifactSha256: stored.sha256,
      trainingPairs: m.trainingPairs,
      pairwiseAccuracy: m.pairwiseAccuracy,
      ...(weightDistance === null ? {} : { weightDistance }),
    };
  };
  const distance = new Map(family.report.fromPooled.map((p) => [p.group, p.weightDistance]));
  const pooled = await member('pooled.json', family.pooled, null);
  const groups = [];
  for (const g of family.groups)
    groups.push(await member(`group-${encodeURIComponent(g.group)}.json`, g, distance.get(g.group) ?? null));
  const report = await put('disagreement.json', `${JSON.stringify(family.report, null, 2)}\n`);
  const { choice } = family;
  const blend =
    choice.kind === 'blend'
      ? {
          weights: choice.used,
          setWeights: choice.decision.weights,
          withoutModel: choice.withoutModel,
          eventId: choice.decision.eventId,
          setBy: choice.decision.setBy,
          reason: choice.decision.reason,
          setAt: choice.decision.setAt,
        }
      : null;
  const record: FamilyRecord = {
    field: spec.field,
    minPairs,
    modelVersion: request.modelVersion,
    publishedAs: choice.kind,
    ...(choice.kind === 'pooled' ? { pooledBecause: choice.reason } : {}),
    blend,
    pooled,
    groups,
    notTrained: family.notTrained,
    disagreementUri: report.uri,
    disagreementSha256: report.sha256,
    disagreement: family.report,
  };
  await put('family.json', `${JSON.stringify(record, null, 2)}\n`);
  log.info(
    {
      groups: groups.map((g) => g.group),
      notTrained: family.notTrained.map((g) => g.group),
      publishedAs: choice.kind,
      blend: blend?.weights ?? null,
    },
    'per-group family trained',
  );
  return { published: family.published, family: record };
}
