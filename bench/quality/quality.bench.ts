/**
 * Quality-report benchmark (issue 5): the full report over 1 M comparisons from 10 k raters.
 *
 *   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/quality/quality.bench.ts
 *   options: --comparisons 1000000 --raters 10000 --seed 7
 *   --postgres: the same through PostgreSQL rows instead of memory — the simulated events are
 *     written into the `events` table of a schema of its own (bench_<run>, dropped at the end,
 *     also on Ctrl-C) at DATABASE_URL; then timed: reading them as of T through
 *     `QualitySourceRepository` (what the CLI and the api do) and the report; the baseline is
 *     the same first-position win counts computed by PostgreSQL in one GROUP BY.
 *
 * In one process, on comparisons from the seeded simulator (held in memory):
 *   - baseline: one plain pass over the same records computing only each rater's
 *     first-position win count (a Map lookup and a string comparison per record) —
 *     the cheapest statistic the report contains;
 *   - report: `buildQualityReport` end to end (validation and indexing, position and
 *     length bias, consensus, spammers, group disagreement, agreement by task type,
 *     Bradley–Terry, coverage);
 *   - ratio = report time / baseline time; peak RSS from getrusage (includes the records).
 * Also prints precision and recall of the planted flags at this size. Target: the report
 * under 60 s on this machine, printed as PASS or MISS; no timing is asserted, the exit code
 * is non-zero only when the benchmark cannot run. Progress goes to stderr, the table to stdout.
 */
import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import { loadPlatformConfig } from '@hindsight/config';
import {
  buildQualityReport,
  simulatePopulation,
  TIE,
  type ComparisonRecord,
  type QualityReport,
  type SimulatedPopulation,
} from '@hindsight/quality';
import { comparisonEvent, loadQualityInput, raterEvent } from '@hindsight/quality-report';
import { benchArg, declareBenchArgs, numberOption } from '../bench-args';
import { createDataSource, ensureDatabase, QualitySourceRepository, runMigrations } from '@hindsight/store';

declareBenchArgs('bench:quality', "the quality report's statistics over a simulated population: time and memory", {
  comparisons: { value: 'N', help: 'simulated comparisons (default 1M)' },
  raters: { value: 'N', help: 'simulated raters (default 10k)' },
  seed: { value: 'N', help: "the simulation's seed (default 7)" },
  postgres: { help: 'the same through PostgreSQL rows instead of memory' },
});
const comparisonsWanted = numberOption('comparisons', 1_000_000);
const ratersWanted = numberOption('raters', 10_000);
const seed = numberOption('seed', 7);
const TARGET_SECONDS = 60;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const peakRssBytes = () => process.resourceUsage().maxRSS * 1024;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The baseline: per-rater first-position win counts, nothing else. */
function firstWinCounts(records: readonly ComparisonRecord[]): Map<string, { firstWins: number; decided: number }> {
  const byRater = new Map<string, { firstWins: number; decided: number }>();
  for (let i = 0; i < records.length; i++) {
    const c = records[i];
    let entry = byRater.get(c.raterId);
    if (entry === undefined) {
      entry = { firstWins: 0, decided: 0 };
      byRater.set(c.raterId, entry);
    }
    if (c.choice === TIE) continue;
    entry.decided++;
    if (c.choice === c.shownOrder[0]) entry.firstWins++;
  }
  return byRater;
}

function main(): void {
  log(
    `quality bench: ${comparisonsWanted} comparisons, ${ratersWanted} raters, seed ${seed}; node ${process.version}, ${cpus().length} CPUs`,
  );
  let started = performance.now();
  const sim = simulatePopulation({ raters: ratersWanted, comparisons: comparisonsWanted, seed });
  const generateSeconds = (performance.now() - started) / 1000;
  global.gc?.();
  const rssAfterData = process.memoryUsage().rss;
  const peakAfterData = peakRssBytes();
  log(`generated in ${generateSeconds.toFixed(1)} s; RSS ${mib(rssAfterData)} MiB`);

  // Best of three, so the baseline is not charged for warming up.
  let baselineSeconds = Infinity;
  let counts = new Map<string, unknown>();
  for (let run = 0; run < 3; run++) {
    started = performance.now();
    counts = firstWinCounts(sim.comparisons);
    baselineSeconds = Math.min(baselineSeconds, (performance.now() - started) / 1000);
  }
  log(`baseline pass: ${baselineSeconds.toFixed(3)} s over ${counts.size} raters`);

  let lastDecile = -1;
  started = performance.now();
  const report = buildQualityReport(
    { comparisons: sim.comparisons, raters: sim.raters },
    {
      progress: (done, total) => {
        const decile = Math.floor((10 * done) / total);
        if (decile !== lastDecile) {
          lastDecile = decile;
          log(`report ${decile * 10}% (${((performance.now() - started) / 1000).toFixed(1)} s)`);
        }
      },
    },
  );
  const reportSeconds = (performance.now() - started) / 1000;
  const peak = peakRssBytes();

  const { quality, orderOk } = againstTruth(report, sim);

  const rows: [string, string][] = [
    ['machine', `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`],
    [
      'input',
      `${report.totals.comparisons} comparisons, ${report.totals.raters} raters, ${report.totals.tasks} tasks (simulated in ${generateSeconds.toFixed(1)} s)`,
    ],
    ['baseline: first-win counts', `${baselineSeconds.toFixed(3)} s (best of 3)`],
    ['buildQualityReport', `${reportSeconds.toFixed(2)} s`],
    ['ratio report / baseline', `${(reportSeconds / baselineSeconds).toFixed(0)}×`],
    ['RSS with the records loaded', `${mib(rssAfterData)} MiB (peak so far ${mib(peakAfterData)} MiB)`],
    ['peak RSS (getrusage)', `${mib(peak)} MiB (report added ${mib(Math.max(0, peak - peakAfterData))} MiB)`],
    ['flags vs planted', quality.join('; ')],
    ['model order recovered', orderOk ? 'yes' : 'no'],
    [`target: report < ${TARGET_SECONDS} s`, reportSeconds < TARGET_SECONDS ? 'PASS' : 'MISS'],
  ];
  printRows(rows);
}

function againstTruth(report: QualityReport, sim: SimulatedPopulation): { quality: string[]; orderOk: boolean } {
  const quality = (['position-bias', 'length-bias', 'spammer'] as const).map((flag) => {
    const flagged = new Set(report.raters.filter((r) => (r.flags as string[]).includes(flag)).map((r) => r.rater));
    const truth = new Set(
      Object.entries(sim.truth.raters)
        .filter(([, b]) => b === flag)
        .map(([id]) => id),
    );
    const hits = [...flagged].filter((id) => truth.has(id)).length;
    return `${flag} precision ${(flagged.size === 0 ? 0 : hits / flagged.size).toFixed(3)} recall ${(hits / truth.size).toFixed(3)}`;
  });
  const trueOrder = Object.entries(sim.truth.models)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
  return { quality, orderOk: report.models.map((m) => m.name).join() === trueOrder.join() };
}

function printRows(rows: readonly [string, string][]): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

/** The same report with the records read from PostgreSQL, in a schema of the benchmark's own. */
async function mainPostgres(): Promise<void> {
  const config = loadPlatformConfig();
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  log(
    `quality bench (postgres, schema ${schema}): ${comparisonsWanted} comparisons, ${ratersWanted} raters, seed ${seed}; node ${process.version}, ${cpus().length} CPUs`,
  );
  await ensureDatabase(config.database.url);
  const ds = createDataSource(
    { ...config.database, schema },
    { applicationName: 'hindsight-bench-quality', poolSize: 2 },
  );
  await ds.initialize();
  const drop = async () => {
    await ds.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await ds.destroy();
  };
  const onSignal = () => void drop().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    await runMigrations(ds, schema);
    const tenant = 'bench';
    const recordedAt = '2026-04-01T00:00:00.000Z';
    const asOf = '2026-04-30T00:00:00.000Z';
    await ds.query(
      `CREATE TABLE events_2026_04 PARTITION OF events FOR VALUES FROM ('2026-04-01T00:00:00Z') TO ('2026-05-01T00:00:00Z')`,
    );
    let started = performance.now();
    const sim = simulatePopulation({ raters: ratersWanted, comparisons: comparisonsWanted, seed });
    const events = [
      ...sim.raters.map((r, k) => ({
        key: `r-${k}`,
        type: 'rater.profiled',
        subject: ['rater', r.raterId],
        occurredAt: recordedAt,
        data: raterEvent(r, k, 'bench').data,
      })),
    ];
    const insert = async (
      batch: { key: string; type: string; subject: string[]; occurredAt: string; data: object }[],
    ) =>
      ds.query(
        `INSERT INTO events (id, tenant, type, version, subject_kind, subject_id, occurred_at, recorded_at, idempotency_key, source, kafka_topic, kafka_partition, kafka_offset, payload)
         SELECT gen_random_uuid(), $2, r.type, 1, r.subject ->> 0, r.subject ->> 1, r."occurredAt", $3, r.key, 'bench', 'bench', 0, 0, jsonb_build_object('data', r.data)
         FROM jsonb_to_recordset($1::jsonb) AS r(key text, type text, subject jsonb, "occurredAt" timestamptz, data jsonb)`,
        [JSON.stringify(batch), tenant, recordedAt],
      );
    await insert(events);
    const languages = new Map(sim.raters.map((r) => [r.raterId, r.languages]));
    for (let from = 0; from < sim.comparisons.length; from += 5000) {
      const batch = sim.comparisons.slice(from, from + 5000).map((c, k) => {
        const e = comparisonEvent(c, from + k, 'bench', languages.get(c.raterId));
        return {
          key: `c-${from + k}`,
          type: 'comparison.recorded',
          subject: ['task', c.taskId],
          occurredAt: c.occurredAt,
          data: e.data,
        };
      });
      await insert(batch);
      if ((from / 5000) % 20 === 0) log(`written ${from + batch.length} comparisons`);
    }
    await ds.query('ANALYZE events');
    log(`written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // What the report needs from here on is in PostgreSQL only.
    const truth = sim;
    (sim as { comparisons: ComparisonRecord[] }).comparisons = [];
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;

    started = performance.now();
    const baselineRows: unknown[] = await ds.query(
      `SELECT payload -> 'data' ->> 'raterId' AS rater, count(*) FILTER (WHERE payload -> 'data' -> 'choice' ->> 'responseId' = payload -> 'data' -> 'shownOrder' ->> 0) AS first_wins
       FROM events WHERE tenant = $1 AND type = 'comparison.recorded' AND recorded_at <= $2 AND NOT erased GROUP BY 1`,
      [tenant, asOf],
    );
    const baselineSeconds = (performance.now() - started) / 1000;
    log(`baseline (SQL first-win counts): ${baselineSeconds.toFixed(2)} s over ${baselineRows.length} raters`);

    started = performance.now();
    const input = await loadQualityInput(new QualitySourceRepository(ds), { tenant, asOf, fetchSize: 5000 });
    const readSeconds = (performance.now() - started) / 1000;
    log(`read ${input.comparisons.length} comparisons as of T in ${readSeconds.toFixed(1)} s`);
    started = performance.now();
    const report = buildQualityReport({ comparisons: input.comparisons, raters: input.raters });
    const reportSeconds = (performance.now() - started) / 1000;
    const total = readSeconds + reportSeconds;
    const { quality, orderOk } = againstTruth(report, truth);
    printRows([
      ['machine', `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`],
      ['input', `${report.totals.comparisons} comparisons, ${report.totals.raters} raters, from PostgreSQL rows`],
      ['baseline: SQL first-win counts', `${baselineSeconds.toFixed(2)} s`],
      ['read as of T (repository)', `${readSeconds.toFixed(1)} s`],
      ['buildQualityReport', `${reportSeconds.toFixed(2)} s`],
      ['ratio (read + report) / baseline', `${(total / baselineSeconds).toFixed(1)}×`],
      ['RSS before reading', `${mib(rssBefore)} MiB`],
      ['peak RSS (getrusage; includes generating and writing)', `${mib(peakRssBytes())} MiB`],
      ['flags vs planted', quality.join('; ')],
      ['model order recovered', orderOk ? 'yes' : 'no'],
      [`target: read + report < ${TARGET_SECONDS} s`, total < TARGET_SECONDS ? 'PASS' : 'MISS'],
    ]);
  } finally {
    process.off('SIGINT', onSignal);
    await drop();
  }
}

if (benchArg('postgres') === true) {
  mainPostgres().catch((error: unknown) => {
    process.stderr.write(`quality bench could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  try {
    main();
  } catch (error) {
    process.stderr.write(`quality bench could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}
