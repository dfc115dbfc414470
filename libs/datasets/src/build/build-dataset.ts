import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from '@hindsight/store';
import { ValidationError } from '@hindsight/contracts';
import {
  DatasetSourceRepository,
  type AsOfComparisonRow,
  type AsOfInteractionRow,
  type AsOfRatingRow,
  type AsOfSnapshot,
} from '@hindsight/store';
import type { DatasetOutput, DatasetRecipe } from '../recipe/dataset-recipe';
import { exportColumns, type ExportOutput } from '../exports/export-columns';
import { ktoRow, ratingRows, trlConversationalRow, trlPreferenceRow } from '../exports/export-rows';
import { addCounts, type RedactionCounts } from '@hindsight/redaction';
import { buildInteractionSignals, type SourceInteraction, type SourceSignal } from '../exports/interaction-signals';
import { ratingKtoLabel } from '../exports/kto-label';
import { ParquetFileWriter } from '../exports/parquet-file-writer';
import { raterColumns } from '../exports/rater-columns';
import { applyRatingAmendments, type SourceRating } from '../exports/rating-signals';
import { splitOfTask, type Split } from '../pairs/split-of-task';
import { buildTaskPairs } from '../pairs/build-task-pairs';
import { serialiseRow } from '../pairs/dataset-row';
import { tallyRaterAgreement, type AgreementTally } from '../pairs/rater-agreement';
import { amendmentsOf, type SourceComparison } from '../pairs/source-comparison';
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

const SPLITS = ['train', 'validation', 'test'] as const satisfies readonly Split[];

/**
 * Builds the point-in-time dataset: the outputs the recipe names (see
 * DATASET_OUTPUTS) — by default train/validation/test.jsonl in TRL's
 * (prompt, chosen, rejected, margin) format — plus excluded.jsonl (annotation ids
 * and reasons, no text) and manifest.json. Exports are written sorted by their
 * bytes. Same tenant, T, recipe and code: the same bytes.
 */
export async function buildDataset(dataSource: DataSource, request: BuildDatasetRequest): Promise<DatasetManifest> {
  const asOf = normaliseInstant(request.asOf);
  await mkdir(request.outDir, { recursive: true });
  const repository = new DatasetSourceRepository(dataSource);
  const { recipe } = request;
  const wants = (output: DatasetOutput) => recipe.outputs.includes(output);
  const exportsWanted = recipe.outputs.filter((o): o is ExportOutput => o !== 'preference');
  const pairOutputs = wants('preference') || wants('trl-preference') || wants('trl-conversational');
  const correctionsAsPairs =
    recipe.correctionsObjective !== null &&
    (recipe.objectives.length === 0 || recipe.objectives.includes(recipe.correctionsObjective));
  const needInteractions = wants('kto') || wants('corrections') || (pairOutputs && correctionsAsPairs);
  const needRatings = wants('kto') || wants('ratings');
  return repository.withSnapshot(request.tenant, asOf, async (snapshot) => {
    const profiles = await snapshot.raterProfiles();
    const { included, erased } = await snapshot.countComparisons();
    const signalCounts = needInteractions || needRatings ? await snapshot.countSignals() : undefined;
    const fetchSize = request.fetchSize ?? 2000;
    const total =
      (recipe.minRaterAgreement === null ? included : included * 2) +
      (needInteractions ? (signalCounts?.interactions.included ?? 0) : 0) +
      (needRatings ? (signalCounts?.ratings.included ?? 0) : 0);
    let done = 0;
    const progress = (n: number) => {
      done += n;
      request.onProgress?.(done, total);
    };

    const belowAgreement = new Set<string>();
    if (recipe.minRaterAgreement !== null) {
      const tallies = new Map<string, AgreementTally>();
      await streamByTask(
        snapshot.streamComparisons.bind(snapshot),
        fetchSize,
        (task) => tallyRaterAgreement(task, tallies),
        progress,
      );
      for (const [rater, t] of tallies)
        if (t.total > 0 && t.agree / t.total < recipe.minRaterAgreement) belowAgreement.add(rater);
    }

    // Only the files the recipe asks for are opened: train/validation/test.jsonl for `preference`, excluded.jsonl for any pair output.
    const writers = (
      wants('preference')
        ? Object.fromEntries(SPLITS.map((s) => [s, new HashedFileWriter(join(request.outDir, `${s}.jsonl`))]))
        : {}
    ) as Partial<Record<Split, HashedFileWriter>>;
    const excluded = pairOutputs ? new HashedFileWriter(join(request.outDir, 'excluded.jsonl')) : undefined;
    const byObjective: Record<string, number> = {};
    const byRaterGroup: Record<string, number> = {};
    const byExclusionReason: Record<string, number> = erased > 0 ? { erased } : {};
    let redactions: RedactionCounts = {};
    const groupOf = (rater: string) => profiles.get(rater)?.group ?? 'unprofiled';
    const context = {
      recipe,
      asOfMs: Date.parse(asOf),
      raterGroup: groupOf,
      raterBelowAgreement: (rater: string) => belowAgreement.has(rater),
    };
    const rater = (raterId: string | undefined, profiled: boolean) =>
      raterColumns(
        recipe.raterColumns,
        request.tenant,
        raterId,
        profiled && raterId !== undefined
          ? (profiles.get(raterId) ?? { group: 'unprofiled', region: null })
          : undefined,
      );
    const stager = new LineStager(snapshot);
    const stagePair = async (
      split: Split,
      pair: { prompt: string; chosen: string; rejected: string },
      cells: Record<string, string | null>,
    ) => {
      if (wants('trl-preference')) await stager.stage(`trl-preference.${split}`, trlPreferenceRow(pair, cells));
      if (wants('trl-conversational'))
        await stager.stage(`trl-conversational.${split}`, trlConversationalRow(pair, cells));
    };
    const allWriters = [...SPLITS.map((s) => writers[s]), excluded].filter((w) => w !== undefined);
    const files: DatasetFileEntry[] = [];
    const byOutput: Record<string, number> = {};
    try {
      if (pairOutputs) {
        await streamByTask(
          snapshot.streamComparisons.bind(snapshot),
          fetchSize,
          async (task) => {
            const { rows, exclusions } = buildTaskPairs(task, context);
            for (const placed of rows) {
              await writers[placed.split]?.writeLine(serialiseRow(placed.row));
              await stagePair(placed.split, placed.row, rater(placed.raterId, true));
              byObjective[placed.objective] = (byObjective[placed.objective] ?? 0) + 1;
              byRaterGroup[placed.raterGroup] = (byRaterGroup[placed.raterGroup] ?? 0) + 1;
            }
            for (const e of exclusions) {
              await excluded?.writeLine(
                JSON.stringify({ annotationId: e.annotationId, taskId: e.taskId, reason: e.reason }),
              );
              byExclusionReason[e.reason] = (byExclusionReason[e.reason] ?? 0) + 1;
            }
          },
          progress,
        );
      }

      if (needInteractions) {
        await snapshot.streamInteractions(fetchSize, async (rows) => {
          for (const row of rows) {
            const interaction = toSourceInteraction(row);
            const split = splitOfTask(interaction.interactionId, recipe.split);
            const { kto, corrections } = buildInteractionSignals(interaction, {
              window: recipe.window,
              outcomeValueThresholds: recipe.kto.outcomeValueThresholds,
            });
            // Personal data the api replaced in this interaction's text, counted once per interaction that gave rows.
            if (
              (wants('kto') && kto.length > 0) ||
              (corrections.length > 0 && (wants('corrections') || correctionsAsPairs))
            )
              redactions = addCounts(redactions, redactionCountsOf(row));
            if (wants('kto'))
              for (const k of kto)
                await stager.stage(
                  `kto.${split}`,
                  ktoRow(recipe.keyNames, k.prompt, k.completion, k.label, rater(k.userId, false)),
                );
            for (const pair of corrections) {
              const cells = rater(pair.userId, false);
              if (wants('corrections')) await stager.stage(`corrections.${split}`, trlPreferenceRow(pair, cells));
              if (!correctionsAsPairs) continue;
              await writers[split]?.writeLine(
                serialiseRow({
                  id: pair.id,
                  prompt: pair.prompt,
                  chosen: pair.chosen,
                  rejected: pair.rejected,
                  weight: 1,
                }),
              );
              await stagePair(split, pair, cells);
              byObjective[recipe.correctionsObjective!] = (byObjective[recipe.correctionsObjective!] ?? 0) + 1;
              byRaterGroup.users = (byRaterGroup.users ?? 0) + 1;
            }
          }
          progress(rows.length);
        });
      }

      if (needRatings) {
        await snapshot.streamRatings(fetchSize, async (rows) => {
          for (const row of rows) {
            const r = applyRatingAmendments(toSourceRating(row));
            if (r.retracted || (recipe.objectives.length > 0 && !recipe.objectives.includes(r.objective))) continue;
            if (
              (recipe.window.from && r.occurredAt < recipe.window.from) ||
              (recipe.window.to && r.occurredAt >= recipe.window.to)
            )
              continue;
            if ((recipe.groupWeights[groupOf(r.raterId)] ?? 1) === 0 || belowAgreement.has(r.raterId)) continue;
            const split = splitOfTask(r.taskId, recipe.split);
            const cells = rater(r.raterId, true);
            const label = ratingKtoLabel(r.scores, r.scale, recipe.kto);
            if (wants('kto') && label !== null)
              await stager.stage(`kto.${split}`, ktoRow(recipe.keyNames, r.prompt, r.response.text, label, cells));
            if (wants('ratings'))
              for (const line of ratingRows({ ...r, response: r.response.text }, cells))
                await stager.stage(`ratings.${split}`, line);
          }
          progress(rows.length);
        });
      }
      await stager.flush();

      for (const s of SPLITS) {
        const writer = writers[s];
        if (writer)
          files.push({ name: `${s}.jsonl`, sha256: await writer.close(), rows: writer.lines, bytes: writer.bytes });
      }
      if (excluded)
        files.push({
          name: 'excluded.jsonl',
          sha256: await excluded.close(),
          rows: excluded.lines,
          bytes: excluded.bytes,
        });
      for (const output of exportsWanted) {
        byOutput[output] = 0;
        for (const s of SPLITS) {
          const entry = await writeExportFile(snapshot, request.outDir, output, s, recipe, fetchSize);
          byOutput[output] += entry.rows;
          files.push(entry);
        }
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
      recipe,
      codeVersion: request.codeVersion,
      counts: {
        comparisonsConsidered: included + erased,
        pairs: SPLITS.reduce((n, s) => n + (writers[s]?.lines ?? 0), 0),
        bySplit: Object.fromEntries(SPLITS.map((s) => [s, writers[s]?.lines ?? 0])),
        byObjective,
        byRaterGroup,
        byExclusionReason,
        byOutput,
        ...(signalCounts ? { signals: signalCounts } : {}),
        ...(needInteractions ? { redactions } : {}),
      },
      kafkaOffsets: await snapshot.kafkaOffsets(),
      erasuresApplied: await snapshot.erasures(),
      files,
      sha256: createHash('sha256')
        .update(files.map((f) => `${f.name}:${f.sha256}`).join('\n'))
        .digest('hex'),
    };
    await writeFile(join(request.outDir, 'manifest.json'), `${stableJson(manifest)}\n`);
    return manifest;
  });
}

/** Buffers export lines and hands them to the snapshot's staging table a thousand at a time. */
class LineStager {
  private readonly pending = new Map<string, string[]>();
  private count = 0;

  constructor(private readonly snapshot: AsOfSnapshot) {}

  async stage(file: string, row: Record<string, unknown>): Promise<void> {
    const lines = this.pending.get(file) ?? [];
    lines.push(JSON.stringify(row));
    this.pending.set(file, lines);
    if (++this.count >= 1000) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [file, lines] of this.pending) await this.snapshot.stageLines(file, lines);
    this.pending.clear();
    this.count = 0;
  }
}

/** Writes one export file from its staged lines, in byte order: JSON Lines as staged, or Parquet row groups. */
async function writeExportFile(
  snapshot: AsOfSnapshot,
  outDir: string,
  output: ExportOutput,
  split: Split,
  recipe: DatasetRecipe,
  fetchSize: number,
): Promise<DatasetFileEntry> {
  const name = `${output}.${split}.${recipe.fileFormat}`;
  const path = join(outDir, name);
  if (recipe.fileFormat === 'jsonl') {
    const writer = new HashedFileWriter(path);
    try {
      await snapshot.streamStagedLines(`${output}.${split}`, fetchSize, async (lines) => {
        for (const line of lines) await writer.writeLine(line);
      });
      const sha256 = await writer.close();
      return { name, rows: writer.lines, bytes: writer.bytes, sha256 };
    } catch (error) {
      writer.abort();
      throw error;
    }
  }
  const writer = new ParquetFileWriter(path, exportColumns(output, recipe));
  await snapshot.streamStagedLines(`${output}.${split}`, Math.max(fetchSize, 5000), (lines) =>
    writer.writeRows(lines.map((l) => JSON.parse(l) as Record<string, unknown>)),
  );
  const { sha256, bytes } = await writer.close();
  return { name, rows: writer.rows, bytes, sha256 };
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
    amendments: amendmentsOf(row.amendments),
  };
}

/** `interaction.logged` v2's `redaction.counts`; none for an interaction logged with redaction off or before v2. */
function redactionCountsOf(row: AsOfInteractionRow): RedactionCounts {
  return (row.data as { redaction?: { counts?: RedactionCounts } }).redaction?.counts ?? {};
}

function toSourceInteraction(row: AsOfInteractionRow): SourceInteraction {
  const d = row.data as { interactionId: string; prompt: string; response: string; userId?: string };
  return {
    interactionId: d.interactionId,
    prompt: d.prompt,
    response: d.response,
    ...(d.userId !== undefined ? { userId: d.userId } : {}),
    signals: row.signals.map(
      (s) => ({ eventId: s.id, type: s.type, occurredAt: s.occurred_at, data: s.data }) as SourceSignal,
    ),
  };
}

function toSourceRating(row: AsOfRatingRow): SourceRating {
  const d = row.data as unknown as Omit<SourceRating, 'annotationId' | 'occurredAt' | 'amendments'>;
  return {
    annotationId: row.id,
    taskId: d.taskId,
    objective: d.objective,
    raterId: d.raterId,
    prompt: d.prompt,
    response: d.response,
    scale: d.scale,
    scores: d.scores,
    occurredAt: row.occurred_at.toISOString(),
    amendments: amendmentsOf(row.amendments),
  };
}

function normaliseInstant(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new ValidationError([{ path: 'asOf', rule: 'must be an ISO-8601 instant such as 2026-09-30T23:59:59Z' }]);
  return new Date(ms).toISOString();
}
