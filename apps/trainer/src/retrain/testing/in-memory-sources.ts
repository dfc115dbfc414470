import { createHash } from 'node:crypto';
import type { DatasetFileEntry, DatasetManifest, DatasetRow } from '@hindsight/datasets';
import type { ComparisonRecord, RaterProfile } from '@hindsight/quality';
import type { QualityInput } from '@hindsight/quality-report';
import type { InteractionOutcome } from '@hindsight/store';
import type { ArtifactStore } from '@hindsight/training';
import type { DatasetBuildSpec, DatasetBuilder, QualityInputSource, RetrainOutcomes } from '../retrain-ports';

const SPLITS = ['train', 'validation', 'test'] as const;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A comparison's split, by its task (so one task's judgments stay together): a tenth test, a tenth validation. */
function splitOf(taskId: string): (typeof SPLITS)[number] {
  const bucket = parseInt(sha256(taskId).slice(0, 8), 16) % 10;
  return bucket === 0 ? 'test' : bucket === 1 ? 'validation' : 'train';
}

/**
 * What was recorded by T, in memory: the fake of the retrain use case's
 * point-in-time ports (the dataset build, the quality gates' input, outcomes),
 * which read PostgreSQL in production. One history feeds all three, so a
 * dataset and the gates see the same comparisons, as they do in PostgreSQL.
 * Runs the same contract as the real ones (point-in-time-sources.contract.ts).
 * The dataset is a plain pair per judgment (chosen, rejected), not the real
 * builder's recipe logic: that is the datasets lib's to test.
 */
export class InMemoryPointInTime implements DatasetBuilder, QualityInputSource, RetrainOutcomes {
  private readonly comparisons: { tenant: string; recordedAt: Date; record: ComparisonRecord }[] = [];
  private readonly raters: { tenant: string; recordedAt: Date; profile: RaterProfile }[] = [];
  private readonly outcomes: { tenant: string; recordedAt: Date; outcome: InteractionOutcome }[] = [];

  /** Records judgments and rater profiles of a tenant at `recordedAt`. */
  record(
    tenant: string,
    recordedAt: Date,
    comparisons: readonly ComparisonRecord[],
    raters: readonly RaterProfile[] = [],
  ): this {
    for (const record of comparisons) this.comparisons.push({ tenant, recordedAt, record });
    for (const profile of raters) this.raters.push({ tenant, recordedAt, profile });
    return this;
  }

  recordOutcomes(tenant: string, recordedAt: Date, outcomes: readonly InteractionOutcome[]): this {
    for (const outcome of outcomes) this.outcomes.push({ tenant, recordedAt, outcome });
    return this;
  }

  async load(tenant: string, asOf: string): Promise<QualityInput> {
    const comparisons = this.known(this.comparisons, tenant, asOf).map((c) => c.record);
    const raters = this.known(this.raters, tenant, asOf).map((r) => r.profile);
    return { comparisons, raters, stored: comparisons.length, skipped: { retracted: 0, 'not-pairwise': 0 } };
  }

  async interactionOutcomes(
    tenant: string,
    asOf: Date,
    limit: number,
    objective?: string,
  ): Promise<InteractionOutcome[]> {
    return this.known(this.outcomes, tenant, asOf.toISOString())
      .map((o) => o.outcome)
      .filter((o) => objective === undefined || o.objective === null || o.objective === objective)
      .slice(0, limit);
  }

  async build(store: ArtifactStore, key: string, spec: DatasetBuildSpec): Promise<DatasetManifest> {
    const wanted = (objective: string) =>
      spec.recipe.objectives.length === 0 || spec.recipe.objectives.includes(objective);
    const known = this.known(this.comparisons, spec.tenant, spec.asOf)
      .map((c) => c.record)
      .filter((c) => wanted(c.objective))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const lines: Record<(typeof SPLITS)[number], string[]> = { train: [], validation: [], test: [] };
    const byObjective: Record<string, number> = {};
    for (const c of known) {
      const chosen = c.responses.find((r) => r.id === c.choice);
      const rejected = c.responses.find((r) => r.id !== c.choice);
      if (!chosen || !rejected || chosen === rejected) continue;
      const row: DatasetRow = {
        id: `${c.id}:0`,
        prompt: c.prompt,
        chosen: chosen.text,
        rejected: rejected.text,
        weight: 1,
      };
      lines[splitOf(c.taskId)].push(JSON.stringify(row));
      byObjective[c.objective] = (byObjective[c.objective] ?? 0) + 1;
      spec.onProgress?.(
        Object.values(byObjective).reduce((a, b) => a + b, 0),
        known.length,
      );
    }
    const files: DatasetFileEntry[] = [];
    for (const split of SPLITS) {
      const text = lines[split].map((l) => `${l}\n`).join('');
      await store.put(`${key}/${split}.jsonl`, text);
      files.push({
        name: `${split}.jsonl`,
        rows: lines[split].length,
        bytes: Buffer.byteLength(text),
        sha256: sha256(text),
      });
    }
    const bySplit = Object.fromEntries(SPLITS.map((s) => [s, lines[s].length]));
    const manifest: DatasetManifest = {
      format: 'hindsight.dataset-manifest',
      version: 1,
      tenant: spec.tenant,
      asOf: new Date(spec.asOf).toISOString(),
      recipe: spec.recipe,
      codeVersion: spec.codeVersion,
      counts: {
        comparisonsConsidered: known.length,
        pairs: SPLITS.reduce((n, s) => n + lines[s].length, 0),
        bySplit,
        byObjective,
        byRaterGroup: {},
        byExclusionReason: {},
      },
      kafkaOffsets: [],
      erasuresApplied: [],
      files,
      sha256: sha256(files.map((f) => `${f.name}:${f.sha256}`).join('\n')),
    };
    await store.put(`${key}/manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  }

  private known<T extends { tenant: string; recordedAt: Date }>(rows: readonly T[], tenant: string, asOf: string): T[] {
    const limit = new Date(asOf).getTime();
    return rows.filter((r) => r.tenant === tenant && r.recordedAt.getTime() <= limit);
  }
}
