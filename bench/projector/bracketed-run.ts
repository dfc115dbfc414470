/**
 * The timed part of bench/projector and bench/replay: the raw COPY of the rows a first, untimed pass wrote,
 * loaded once before and once after the measured pass, each timed section settled first. Not a benchmark itself.
 */
import type { BenchRun } from './bench-support';
import {
  discardDump,
  dropSchema,
  dumpRows,
  freshSchema,
  loadDump,
  rowCountDifference,
  writtenTables,
  type CopyMeasured,
  type DumpedRows,
} from './copy-baseline';
import { settle } from './settle';

export interface BracketedRun<M> {
  /** The tables the first pass wrote rows into, in dump order. */
  readonly written: readonly string[];
  readonly copyBefore: CopyMeasured;
  readonly measured: M;
  readonly copyAfter: CopyMeasured;
  /** Set when the measured pass wrote other row counts than the first. */
  readonly differs: string | undefined;
  /** How long each settle took, in ms (not timed). */
  readonly settledMs: readonly number[];
  /** What the last settle saw once everything had run. */
  readonly settleNote: string;
  /** `extra`'s measure, when it was asked for. */
  readonly extra: CopyMeasured | undefined;
}

export interface BracketedPasses<M> {
  /** The schema the first pass wrote: dumped, then dropped. */
  readonly firstSchema: string;
  /** What the measured pass is, for the settle's progress line ("the projector"). */
  readonly subject: string;
  /** The measured pass, into a fresh schema it names: the schema is compared with the dump and dropped. */
  readonly measure: () => Promise<{ readonly measured: M; readonly schema: string }>;
  /** Run after the second COPY, settled first, with the same dump (the projector's COPY of the events rows alone). */
  readonly extra?: { readonly what: string; readonly load: (dump: DumpedRows) => Promise<CopyMeasured> };
}

/**
 * Settles, loads the dump, settles, measures, settles, loads the dump again: the two loads bracket the
 * machine's state while the measured pass ran (`bracketedRatio`). The dump is discarded at the end, also
 * when a step throws.
 */
export async function runBracketed<M>(run: BenchRun, passes: BracketedPasses<M>): Promise<BracketedRun<M>> {
  const probeSchema = `bench_${run.runId}_probe`;
  await (await freshSchema(run, probeSchema)).destroy();
  const written = await writtenTables(run, passes.firstSchema, probeSchema);
  const dump = await dumpRows(run, passes.firstSchema, written);
  try {
    await dropSchema(run, passes.firstSchema);
    await dropSchema(run, probeSchema);
    const settledMs: number[] = [];
    const settled = async (what: string) => settledMs.push((await settle(run, what)).ms);

    await settled('the raw COPY before');
    const copyBefore = await loadDump(run, dump, `bench_${run.runId}_copy1`, 'raw COPY of every row written, before');
    await dropSchema(run, `bench_${run.runId}_copy1`);
    await settled(passes.subject);
    const { measured, schema } = await passes.measure();
    const differs = await rowCountDifference(run, schema, dump);
    await dropSchema(run, schema);
    await settled('the raw COPY after');
    const copyAfter = await loadDump(run, dump, `bench_${run.runId}_copy2`, 'raw COPY of every row written, after');
    await dropSchema(run, `bench_${run.runId}_copy2`);
    let extra: CopyMeasured | undefined;
    if (passes.extra) {
      await settled(passes.extra.what);
      extra = await passes.extra.load(dump);
    }
    const settleNote = (await settle(run, 'nothing (a last look)')).note;
    return { written, copyBefore, measured, copyAfter, differs, settledMs, settleNote, extra };
  } finally {
    discardDump(dump);
  }
}
