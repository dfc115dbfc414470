/**
 * `npm run bench:codec [-- --records 500 --rounds 11 --round-ms 200]`
 *
 * kafkajs's record-batch encoding and decoding as this project installs it (patched by
 * patches/kafkajs+2.2.4.patch: records and batch bodies written into encoders sized for them, headers decoded into
 * one object, batch bases parsed once, short varlongs read without BigInts) against kafkajs 2.2.4 as published,
 * in the same process: the published copy is the installed one with the patch reversed in a temp folder
 * (published-kafkajs.ts; no network). Each copy is required by its absolute path, so each runs only its own code.
 *
 * The records are the api's: comparison.recorded envelopes sealed as the api seals them, the partition key and the
 * four event headers (api-records.ts). Four cases, each in records of work:
 * - encode a batch of 1 (a single event's send) and of `--records` (a busy partition's send): Record per message
 *   and RecordBatch, as kafkajs's produce request builds a partition's batch (idempotent, uncompressed);
 * - decode a fetch holding one batch of `--records`, and one holding `--records` batches of 1, through the fetch
 *   response's record decoding the consumer runs (decodeMessages → RecordBatch decoder → Record decoder).
 * Before timing, both copies must write the same bytes and decode them to the same records (else exit 1).
 *
 * Each case is warmed up on both copies, then `--rounds` alternated pairs (patched first in even pairs, published
 * first in odd ones), each round a full collection then as many calls as take the patched copy about `--round-ms`
 * (the same count for both). Printed per copy: wall and CPU µs per record (median, min–max over the rounds; CPU is
 * the process's, the collector's threads included), V8 heap bytes allocated per record (node:v8's GCProfiler: the
 * used heap's growth plus what every collection freed: the garbage the collector has to deal with), and the zeroed
 * Buffer bytes per record outside the heap (Buffer.alloc, counted in one extra untimed call); the ratios are
 * patched ÷ published, the median of the pairs' ratios and their range.
 * No target: the patch's own specs (libs/kafka/src/kafkajs-*.unit.spec.ts) prove the bytes; this prints its cost.
 */
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { declareBenchArgs, numberOption } from '../bench-args';
import { apiComparisonMessages } from './api-records';
import { fetchMessageSet, loadKafkajsCodec, type KafkajsCodec } from './kafkajs-codec';
import { countZeroedBufferBytes, measureRound, type RoundCost } from './measure-round';
import { publishedKafkajs } from './published-kafkajs';

declareBenchArgs('bench:codec', "kafkajs' record encoding and decoding, patched against published", {
  records: { value: 'N', help: "records in a busy partition's batch (default 500)" },
  rounds: { value: 'N', help: 'alternated pairs per case (default 11)' },
  'round-ms': { value: 'ms', help: 'milliseconds of calls per round (default 200)' },
});
const recordsPerBatch = numberOption('records', 500);
const rounds = numberOption('rounds', 11);
const roundMs = numberOption('round-ms', 200);
const say = (line: string) => process.stderr.write(`${line}\n`);

interface Copy {
  readonly name: 'patched' | 'published';
  readonly codec: KafkajsCodec;
}

interface Case {
  readonly name: string;
  /** Records one call of `run` encodes or decodes. */
  readonly records: number;
  readonly run: (codec: KafkajsCodec) => Promise<unknown>;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const range = (values: readonly number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main(): Promise<void> {
  say(`kafkajs codec: ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0].toFixed(2)}`);
  const published = publishedKafkajs();
  try {
    const copies: Copy[] = [
      { name: 'patched', codec: loadKafkajsCodec(dirname(require.resolve('kafkajs/package.json'))) },
      { name: 'published', codec: loadKafkajsCodec(published.root) },
    ];
    say(`published kafkajs 2.2.4 rebuilt in ${published.root}`);
    const messages = apiComparisonMessages(recordsPerBatch);
    const valueBytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.value), 0) / messages.length;
    say(
      `${recordsPerBatch} api records: sealed comparison.recorded values of ${valueBytes.toFixed(0)} bytes on average, 4 headers`,
    );
    const timestamp = Date.parse('2026-12-07T12:00:00.000Z');
    const firstOffset = 1_234_567;

    const batches = await Promise.all(copies.map((c) => c.codec.encodeBatch(messages, timestamp, firstOffset)));
    const singles = await Promise.all(
      copies.map((c) => Promise.all(messages.map((m, i) => c.codec.encodeBatch([m], timestamp, firstOffset + i)))),
    );
    if (!batches[0].equals(batches[1]) || !singles[0].every((b, i) => b.equals(singles[1][i])))
      throw new Error('the patched and the published kafkajs wrote different bytes for the same records');
    const oneBatch = fetchMessageSet([batches[0]]);
    const batchesOfOne = fetchMessageSet(singles[0]);
    for (const set of [oneBatch, batchesOfOne]) {
      const [patchedRecords, publishedRecords] = await Promise.all(copies.map((c) => c.codec.decodeFetch(set)));
      if (patchedRecords.length !== recordsPerBatch || !isDeepStrictEqual(patchedRecords, publishedRecords))
        throw new Error('the patched and the published kafkajs decoded the same bytes to different records');
    }
    say(`same bytes written and same records decoded by both copies (${batches[0].length} bytes per batch)`);

    let next = 0;
    const cases: Case[] = [
      {
        name: 'encode, batch of 1',
        records: 1,
        run: (codec) => codec.encodeBatch([messages[next++ % recordsPerBatch]], timestamp, firstOffset),
      },
      {
        name: `encode, batch of ${recordsPerBatch}`,
        records: recordsPerBatch,
        run: (codec) => codec.encodeBatch(messages, timestamp, firstOffset),
      },
      {
        name: `decode, fetch of 1 batch of ${recordsPerBatch}`,
        records: recordsPerBatch,
        run: (codec) => codec.decodeFetch(oneBatch),
      },
      {
        name: `decode, fetch of ${recordsPerBatch} batches of 1`,
        records: recordsPerBatch,
        run: (codec) => codec.decodeFetch(batchesOfOne),
      },
    ];

    const rows: string[] = [];
    for (const c of cases) rows.push(await measureCase(c, copies));
    process.stdout.write(
      [
        '',
        `kafkajs record batches, patched ÷ published 2.2.4 (${cpus().length} cores, Node ${process.version}, ` +
          `load ${loadavg()[0].toFixed(2)}; ${rounds} alternated pairs of ~${roundMs} ms rounds; ` +
          `medians, min–max over the rounds)`,
        '',
        '| case | µs/record patched | µs/record published | wall ratio | CPU ratio | heap B/record patched / published | zeroed Buffer B/record patched / published |',
        '| --- | --- | --- | --- | --- | --- | --- |',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    published.remove();
  }
}

async function measureCase(c: Case, copies: readonly Copy[]): Promise<string> {
  // Warm-up: three rounds of each copy (optimised, background compilation done), then the calls per round from
  // the patched copy's last warm-up round; the published copy makes the same number of calls.
  const probe = await measureRound(() => c.run(copies[0].codec), 20);
  let iterations = Math.max(1, Math.round((roundMs / probe.wallMs) * 20));
  let patchedWarm = probe;
  for (let i = 0; i < 3; i++)
    for (const copy of copies) {
      const cost = await measureRound(() => c.run(copy.codec), iterations);
      if (copy.name === 'patched') patchedWarm = cost;
    }
  iterations = Math.max(1, Math.round((roundMs / patchedWarm.wallMs) * iterations));
  const costs = new Map<Copy['name'], RoundCost[]>(copies.map((copy) => [copy.name, []]));
  for (let round = 0; round < rounds; round++)
    for (const copy of round % 2 === 0 ? copies : [...copies].reverse())
      costs.get(copy.name)!.push(await measureRound(() => c.run(copy.codec), iterations));
  const records = iterations * c.records;
  const perRecord = (name: Copy['name'], of: (cost: RoundCost) => number) =>
    costs.get(name)!.map((cost) => of(cost) / records);
  const ratios = (of: (cost: RoundCost) => number) => {
    const mine = perRecord('patched', of);
    const theirs = perRecord('published', of);
    const each = mine.map((value, i) => value / theirs[i]);
    return `${median(each).toFixed(2)}× (${range(each, 2)})`;
  };
  const micros = (name: Copy['name']) => {
    const wall = perRecord(name, (cost) => cost.wallMs * 1000);
    const cpu = perRecord(name, (cost) => cost.cpuMs * 1000);
    return `${median(wall).toFixed(2)} (${range(wall, 2)}); CPU ${median(cpu).toFixed(2)}`;
  };
  const heap = (name: Copy['name']) => median(perRecord(name, (cost) => cost.heapBytes)).toFixed(0);
  const zeroed: number[] = [];
  for (const copy of copies) zeroed.push((await countZeroedBufferBytes(() => c.run(copy.codec))) / c.records);
  const heapRatio = ratios((cost) => cost.heapBytes);
  say(`${c.name}: ${iterations} calls per round; wall ${ratios((cost) => cost.wallMs)}, heap ${heapRatio}`);
  return (
    `| ${c.name} | ${micros('patched')} | ${micros('published')} | ${ratios((cost) => cost.wallMs)} | ` +
    `${ratios((cost) => cost.cpuMs)} | ${heap('patched')} / ${heap('published')} = ${heapRatio} | ` +
    `${zeroed[0].toFixed(0)} / ${zeroed[1].toFixed(0)} |`
  );
}

main().catch((error: Error) => {
  process.stderr.write(`bench:codec failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
