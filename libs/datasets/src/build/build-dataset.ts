import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ValidationError } from '@hindsight/contracts';
import { DatasetSourceRepository, type AsOfComparisonRow } from '@hindsight/store';
import type { DatasetRecipe } from '../recipe/dataset-recipe';
import { buildTaskPairs } from '../pairs/build-task-pairs';
import { serialiseRow } from '../pairs/dataset-row';
import { tallyRaterAgreement, type AgreementTally } from '../pairs/rater-agreement';
import type { SourceComparison } from '../pairs/source-comparison';
import { stableJson, type DatasetFileEntry, type DatasetManifest } from './dataset-manifest';
import { HashedFileWriter } from './hashed-file-writer';

export interface BuildDatasetRequest {
  readonly tenant: string;
  readonly asOf: string;
  readonly recipe: DatasetRecipe;
  readonly outDir: string;
  readonly codeVersion: string;
  /** Called as comparisons are read: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  readonly fetchSize?: number;
}

const SPLITS = ['train', 'validation', 'test'] as const;

/**
 * Builds the point-in-time dataset: train/validation/test.jsonl in TRL's
 * (prompt, chosen, rejected, margin) format, excluded.jsonl (annotation ids and
 * reasons, no text) and manifest.json. Same tenant, T, recipe and code: the same bytes.
 */
export async function buildDataset(dataSource: DataSource, request: BuildDatasetRequest): Promise<DatasetManifest> {
  const asOf = normaliseInstant(request.asOf);
  await mkdir(request.outDir, { recursive: true });
  const repository = new DatasetSourceRepository(dataSource);
  return repository.withSnapshot(request.tenant, asOf, async (snapshot) => {
    const groups = await snapshot.raterGroups();
    const { included, erased } = await snapshot.countComparisons();
    const fetchSize = request.fetchSize ?? 2000;
    const total = request.recipe.minRaterAgreement === null ? included : included * 2;
    let done = 0;
    const progress = (n: number) => {
      done += n;
      request.onProgress?.(done, total);
    };

    const belowAgreement = new Set<string>();
    if (request.recipe.minRaterAgreement !== null) {
      const tallies = new Map<string, AgreementTally>();
      await streamByTask(snapshot.streamComparisons.bind(snapshot), fetchSize, (task) => tallyRaterAgreement(task, tallies), progress);
      for (const [rater, t] of tallies) if (t.total > 0 && t.agree / t.total < request.recipe.minRaterAgreement) belowAgreement.add(rater);
    }

    const writers = Object.fromEntries(SPLITS.map((s) => [s, new HashedFileWriter(join(request.outDir, `${s}.jsonl`))])) as Record<(typeof SPLITS)[number], HashedFileWriter>;
    const excluded = new HashedFileWriter(join(request.outDir, 'excluded.jsonl'));
    const byObjective: Record<string, number> = {};
    const byRaterGroup: Record<string, number> = {};
    const byExclusionReason: Record<string, number> = erased > 0 ? { erased } : {};
    const context = {
      recipe: request.recipe,
      asOfMs: Date.parse(asOf),
      raterGroup: (rater: string) => groups.get(rater) ?? 'unprofiled',
      raterBelowAgreement: (rater: string) => belowAgreement.has(rater),
    };
    const allWriters = [...SPLITS.map((s) => writers[s]), excluded];
    const files: DatasetFileEntry[] = [];
    try {
      await streamByTask(
        snapshot.streamComparisons.bind(snapshot),
        fetchSize,
        async (task) => {
          const { rows, exclusions } = buildTaskPairs(task, context);
          for (const placed of rows) {
            await writers[placed.split].writeLine(serialiseRow(placed.row));
            byObjective[placed.objective] = (byObjective[placed.objective] ?? 0) + 1;
            byRaterGroup[placed.raterGroup] = (byRaterGroup[placed.raterGroup] ?? 0) + 1;
          }
          for (const e of exclusions) {
            await excluded.writeLine(JSON.stringify({ annotationId: e.annotationId, taskId: e.taskId, reason: e.reason }));
            byExclusionReason[e.reason] = (byExclusionReason[e.reason] ?? 0) + 1;
          }
        },
        progress,
      );

      for (const [name, writer] of [...SPLITS.map((s) => [`${s}.jsonl`, writers[s]] as const), ['excluded.jsonl', excluded] as const]) {
        const sha256 = await writer.close();
        files.push({ name, rows: writer.lines, bytes: writer.bytes, sha256 });
      }
    } catch (error) {
      // Release every file of the failed build; the first error is the one that surfaces.
      for (const writer of allWriters) writer.abort();
      throw error;
    }
    const manifest: DatasetManifest = {
      format: 'hindsight.dataset-manifest',
      version: 1,
      tenant: request.tenant,
      asOf,
      recipe: request.recipe,
      codeVersion: request.codeVersion,
      counts: {
        comparisonsConsidered: included + erased,
        pairs: SPLITS.reduce((n, s) => n + writers[s].lines, 0),
        bySplit: Object.fromEntries(SPLITS.map((s) => [s, writers[s].lines])),
        byObjective,
        byRaterGroup,
        byExclusionReason,
      },
      kafkaOffsets: await snapshot.kafkaOffsets(),
      erasuresApplied: await snapshot.erasures(),
      files,
      sha256: createHash('sha256').update(files.map((f) => `${f.name}:${f.sha256}`).join('\n')).digest('hex'),
    };
    await writeFile(join(request.outDir, 'manifest.json'), `${stableJson(manifest)}\n`);
    return manifest;
  });
}

/** Groups the ordered stream into tasks; a task may span fetches. */
async function streamByTask(
  stream: (batchSize: number, onRows: (rows: AsOfComparisonRow[]) => Promise<void>) => Promise<void>,
  fetchSize: number,
  onTask: (task: SourceComparison[]) => Promise<void> | void,
  progress: (n: number) => void,
): Promise<void> {
  let current: SourceComparison[] = [];
  await stream(fetchSize, async (rows) => {
    for (const row of rows) {
      const comparison = toSourceComparison(row);
      if (current.length > 0 && current[0].taskId !== comparison.taskId) {
        await onTask(current);
        current = [];
      }
      current.push(comparison);
    }
    progress(rows.length);
  });
  if (current.length > 0) await onTask(current);
}

function toSourceComparison(row: AsOfComparisonRow): SourceComparison {
  const d = row.data as unknown as Omit<SourceComparison, 'annotationId' | 'occurredAt' | 'recordedAt' | 'amendments'>;
  return {
    annotationId: row.id,
    taskId: d.taskId,
    taskType: d.taskType,
    objective: d.objective,
    raterId: d.raterId,
    prompt: d.prompt,
    responses: d.responses,
    shownOrder: d.shownOrder,
    choice: d.choice,
    strength: d.strength,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    amendments: row.amendments.map((a) =>
      a.type === 'annotation.retracted' ? { kind: 'retracted', reason: String(a.data.reason) } : { kind: 'corrected', changes: a.data.corrected as Record<string, unknown> },
    ),
  };
}

function normaliseInstant(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) throw new ValidationError([{ path: 'asOf', rule: 'must be an ISO-8601 instant such as 2026-09-30T23:59:59Z' }]);
  return new Date(ms).toISOString();
}
