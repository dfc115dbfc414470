/**
 * Import benchmark: rows/s and peak RSS of `hindsight import --format hh-rlhf` over a generated
 * file of 1 M rows, to show that import streams in constant memory.
 *
 *   npm run bench:import                     (SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/import/import.bench.ts)
 *   options: --rows 1M       rows in the large file (a small file of 1/10 the rows is measured too)
 *            --gzip          gzip both files (the reader decompresses as it streams)
 *            --heap-mib 96   the children's V8 heap cap (--max-old-space-size; 0 = none). Uncapped, V8
 *                            lets the heap grow with the allocation rate (1 M rows peaked at 1.6× the
 *                            100 k file's RSS here); capped, a reader that kept rows would run out of
 *                            heap, so finishing 1 M rows within the cap is the constant-memory check
 *            --validate      also validate each event against the contracts (what --dry-run adds;
 *                            the api does it on a real import): about 0.3 ms per event here, 10× the rest
 *
 * What it measures: the import's own work up to the api, in-process: the file streamed
 * (`openDatasetFile`) and each row read by the format (`hh-rlhf`: JSON parse, implicit-prompt
 * split, comparison built with provenance and key), i.e. parsing and mapping. Sending 1 M events
 * through the api would put them on the shared broker; the api's own throughput is
 * `npm run bench:ingest`'s subject.
 *
 * Baseline, same file, same run: raw line reading (`readline` over the same stream, counting
 * lines), the least any JSON Lines import can do. Each measurement runs in a child process of its
 * own, so its peak RSS (`process.resourceUsage().maxRSS`) is its own. Targets (never an exit code):
 * peak RSS of the large file ≤ 1.2× the small file's (constant memory), and rows/s printed as a
 * share of raw reading.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { validateEventInput } from '@hindsight/contracts';
import { openDatasetFile } from '@hindsight/dataset-files';
import { DATASET_FORMAT_READERS, FORMAT_DEFAULTS } from '@hindsight/history-import';
import { benchArg, declareBenchArgs } from '../bench-args';
import { fmt, machineLine, numberOption, table, textOption } from '../projector/bench-support';

const TARGET_RSS_RATIO = 1.2;

interface Measurement {
  readonly rows: number;
  readonly comparisons: number;
  readonly seconds: number;
  readonly maxRssBytes: number;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

/** HH-RLHF-like rows: one to three turns, chosen and rejected sharing all but the last reply. */
async function generate(file: string, rows: number, gzip: boolean): Promise<void> {
  const raw = createWriteStream(file);
  const out = gzip ? createGzip() : raw;
  if (gzip) out.pipe(raw);
  for (let i = 0; i < rows; i++) {
    let dialogue = '';
    for (let t = 0; t <= i % 3; t++)
      dialogue += `\n\nHuman: Question ${i}.${t}: how does step ${t} of plan ${i % 997} work?\n\nAssistant:${t < i % 3 ? ` It works by doing ${t} things first.` : ''}`;
    const line = `${JSON.stringify({ chosen: `${dialogue} A careful answer to question ${i} with reasons.`, rejected: `${dialogue} No idea.` })}\n`;
    if (!out.write(line)) await once(out, 'drain');
    if (i > 0 && i % 250_000 === 0) say(`  generated ${fmt(i)} rows`);
  }
  out.end();
  await once(raw, 'close');
}

/** The child's work: one pass over the file, raw or the import's, reported as JSON on stdout. */
async function child(mode: string, file: string): Promise<void> {
  const started = performance.now();
  let rows = 0;
  let comparisons = 0;
  const opened = await openDatasetFile(file, { countRows: false });
  if (mode === 'raw') {
    const { createGunzip } = await import('node:zlib');
    const input = opened.layout.gzip
      ? createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip())
      : createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const _line of createInterface({ input, crlfDelay: Infinity })) rows += 1;
  } else {
    // A child's command line is the parent's own making (`--child <mode> <file> [--validate]`), not declared.
    const validate = process.argv.includes('--validate');
    const format = DATASET_FORMAT_READERS['hh-rlhf'];
    const options = { dataset: 'bench', ...FORMAT_DEFAULTS };
    for await (const item of opened.rows()) {
      rows += 1;
      if (!('record' in item)) continue;
      for (const c of format.read(item.record, item.row, options).comparisons) {
        if (validate) validateEventInput(c.event);
        comparisons += 1;
      }
    }
  }
  const result: Measurement = {
    rows,
    comparisons,
    seconds: (performance.now() - started) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(mode: 'raw' | 'import', file: string): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const heapMib = numberOptionOrZero('heap-mib', 96);
    const proc = spawn(
      process.execPath,
      [
        ...(heapMib > 0 ? [`--max-old-space-size=${heapMib}`] : []),
        '-r',
        '@swc-node/register',
        resolve(__filename),
        '--child',
        mode,
        file,
        ...(benchArg('validate') === true ? ['--validate'] : []),
      ],
      {
        env: { ...process.env, SWC_NODE_PROJECT: process.env.SWC_NODE_PROJECT ?? 'tsconfig.json' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('error', reject);
    proc.on('close', (code) =>
      code === 0
        ? resolvePromise(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Measurement)
        : reject(new Error(`${mode} child exited ${code}`)),
    );
  });
}

/** `--name n`, where 0 is allowed (numberOption refuses it). */
function numberOptionOrZero(name: string, fallback: number): number {
  return textOption(name) === '0' ? 0 : numberOption(name, fallback);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(process.argv[at + 1], process.argv[at + 2]);
  declareBenchArgs('bench:import', 'rows/s and peak RSS of `hindsight import --format hh-rlhf` (constant memory)', {
    rows: { value: 'N', help: 'rows in the large file (default 1M; a small file of 1/10 the rows is measured too)' },
    gzip: { help: 'gzip both files (the reader decompresses as it streams)' },
    'heap-mib': { value: 'MiB', help: "the children's V8 heap cap (--max-old-space-size; 0 = none; default 96)" },
    validate: { help: 'also validate each event against the contracts (what --dry-run adds)' },
  });
  const large = numberOption('rows', 1_000_000);
  const small = Math.max(1000, Math.round(large / 10));
  const gzip = benchArg('gzip') === true;
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-import-'));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    say(machineLine('bench:import'));
    const heapMib = numberOptionOrZero('heap-mib', 96);
    say(
      heapMib > 0
        ? `children run with a V8 heap cap of ${heapMib} MiB (--max-old-space-size)`
        : 'children run without a heap cap',
    );
    const results: [number, Measurement, Measurement, number][] = [];
    for (const rows of [small, large]) {
      const file = join(dir, `hh-${rows}.jsonl${gzip ? '.gz' : ''}`);
      say(`generating ${fmt(rows)} HH-RLHF rows into ${file}`);
      await generate(file, rows, gzip);
      const bytes = statSync(file).size;
      say(`  ${fmt(bytes / 1e6)} MB; raw line reading …`);
      const raw = await measure('raw', file);
      say(
        `  ${fmt(raw.rows / raw.seconds)} lines/s; import (parse, split, map${benchArg('validate') === true ? ', validate' : ''}) …`,
      );
      const imported = await measure('import', file);
      say(`  ${fmt(imported.rows / imported.seconds)} rows/s, peak RSS ${fmt(imported.maxRssBytes / 2 ** 20)} MiB`);
      if (imported.comparisons !== rows) throw new Error(`expected ${rows} comparisons, got ${imported.comparisons}`);
      results.push([rows, raw, imported, bytes]);
    }
    const lines = results.map(([rows, raw, imported, bytes]) => [
      fmt(rows),
      fmt(bytes / 1e6),
      fmt(raw.rows / raw.seconds),
      fmt(raw.maxRssBytes / 2 ** 20),
      fmt(imported.rows / imported.seconds),
      fmt(imported.maxRssBytes / 2 ** 20),
      `${fmt((imported.rows / imported.seconds / (raw.rows / raw.seconds)) * 100, 1)} %`,
    ]);
    process.stdout.write(
      `\n${table(['rows', 'MB', 'raw lines/s', 'raw peak MiB', 'import rows/s', 'import peak MiB', 'import ÷ raw'], lines)}\n`,
    );
    const ratio = results[1][2].maxRssBytes / results[0][2].maxRssBytes;
    process.stdout.write(
      `peak RSS ${fmt(large)} ÷ ${fmt(small)} rows: ${fmt(ratio, 2)}× (target ≤ ${TARGET_RSS_RATIO}×) → ${ratio <= TARGET_RSS_RATIO ? 'PASS' : 'MISS'}${gzip ? ' (gzip)' : ''}\n`,
    );
  } finally {
    cleanUp();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:import failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
