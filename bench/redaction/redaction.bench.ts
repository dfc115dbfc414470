/**
 * `npm run bench:redaction [-- --per-kind 2000 --near-misses 4000 --seed 7]`
 *
 * Recall per kind and overall precision of @hindsight/redaction on a seeded, generated corpus
 * (bench/redaction/corpus.ts): `--per-kind` realistic sentences per kind (e-mail, phone, card, IBAN, IP),
 * each with one planted item whose span is known, and `--near-misses` sentences with something that must
 * not be redacted (numbers failing Luhn, IBAN-like strings failing mod-97, invalid IPv4 quads, version
 * strings, semantic versions, dates, times, order numbers, amounts, handles). Targets (issue #15): recall
 * ≥ 0.99 for e-mail, card, IBAN and IP, ≥ 0.95 for phone numbers, precision ≥ 0.98.
 *
 * A planted item is found when a match of its kind covers it (the match may not start or end more than
 * two characters away: libphonenumber keeps or drops a bracket). Every other match is a false positive,
 * a match of the wrong kind on a planted item included. Throughput: documents per second through
 * `redactText`, against a baseline measured in the same run: one plain regular-expression scan that
 * replaces anything shaped like an address or a long number (no validation).
 */
import { cpus } from 'node:os';
import {
  findCards,
  findEmails,
  findIbans,
  findIps,
  findPhones,
  findPii,
  PII_KINDS,
  redactText,
  type PiiKind,
} from '@hindsight/redaction';
import { declareBenchArgs, numberOption } from '../bench-args';
import { generateCorpus } from './corpus';

declareBenchArgs('bench:redaction', "the redaction rules' recall, precision and speed over a generated corpus", {
  'per-kind': { value: 'N', help: 'sentences per kind, each with one planted item (default 2000)' },
  'near-misses': { value: 'N', help: 'sentences with something that must not be redacted (default 4000)' },
  seed: { value: 'N', help: "the corpus's seed (default 7)" },
});
const perKind = numberOption('per-kind', 2000);
const nearMisses = numberOption('near-misses', 4000);
const seed = numberOption('seed', 7);
const rules = { phoneRegion: 'US' as const };

const RECALL_TARGET: Readonly<Record<PiiKind, number>> = { email: 0.99, card: 0.99, iban: 0.99, ip: 0.99, phone: 0.95 };
const PRECISION_TARGET = 0.98;

const docs = generateCorpus(seed, perKind, nearMisses);
process.stderr.write(`corpus: ${docs.length} documents (seed ${seed}); scanning…\n`);

const found: Record<string, number> = {};
const planted: Record<string, number> = {};
const falsePositives: Record<string, number> = {};
const examples: string[] = [];
let matches = 0;
let truePositives = 0;
for (const doc of docs) {
  const p = doc.planted;
  if (p.kind !== 'near-miss') planted[p.kind] = (planted[p.kind] ?? 0) + 1;
  let hit = false;
  for (const m of findPii(doc.text, rules)) {
    matches++;
    const covers = m.start <= p.start + 2 && m.end >= p.end - 2 && m.start >= p.start - 2 && m.end <= p.end + 2;
    if (p.kind !== 'near-miss' && m.kind === p.kind && covers && !hit) {
      hit = true;
      truePositives++;
    } else {
      const label = p.kind === 'near-miss' ? `${m.kind} in a ${p.label} near-miss` : `${m.kind} on a planted ${p.kind}`;
      falsePositives[label] = (falsePositives[label] ?? 0) + 1;
      if (examples.length < 8)
        examples.push(`  ${label}: ${JSON.stringify(doc.text.slice(m.start, m.end))} in ${JSON.stringify(doc.text)}`);
    }
  }
  if (hit) found[p.kind] = (found[p.kind] ?? 0) + 1;
  else if (p.kind !== 'near-miss' && examples.length < 16)
    examples.push(
      `  missed ${p.kind}: ${JSON.stringify(doc.text.slice(p.start, p.end))} in ${JSON.stringify(doc.text)}`,
    );
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const out: string[] = [];
out.push(`# bench:redaction  node ${process.version}, ${cpus().length} CPUs, seed ${seed}`);
out.push(`corpus: ${perKind} planted items per kind, ${nearMisses} near-misses (${docs.length} sentences)`);
out.push('');
out.push('| kind | planted | found | recall | target | |');
out.push('| --- | --- | --- | --- | --- | --- |');
for (const kind of PII_KINDS) {
  const recall = (found[kind] ?? 0) / (planted[kind] ?? 1);
  out.push(
    `| ${kind} | ${planted[kind]} | ${found[kind] ?? 0} | ${recall.toFixed(4)} | ≥ ${RECALL_TARGET[kind]} | ${verdict(recall >= RECALL_TARGET[kind])} |`,
  );
}
const precision = matches === 0 ? 1 : truePositives / matches;
out.push(
  `| precision (all matches) | ${matches} matches | ${truePositives} true | ${precision.toFixed(4)} | ≥ ${PRECISION_TARGET} | ${verdict(precision >= PRECISION_TARGET)} |`,
);
out.push('');
out.push(`false positives: ${Object.keys(falsePositives).length === 0 ? 'none' : JSON.stringify(falsePositives)}`);
if (examples.length > 0) out.push('examples:', ...examples);

// Throughput: redactText vs one unvalidated regex scan, alternated, best of 3 rounds each.
const texts = docs.map((d) => d.text);
const NAIVE =
  /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}|\+?\d[\d ().-]{5,}\d|[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+/g;
const time = (work: () => void) => {
  const t0 = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
let best = { redact: Infinity, naive: Infinity };
let sink = 0;
for (let round = 0; round < 3; round++) {
  best = {
    redact: Math.min(
      best.redact,
      time(() => texts.forEach((t) => (sink += redactText(t, rules).text.length))),
    ),
    naive: Math.min(
      best.naive,
      time(() => texts.forEach((t) => (sink += t.replace(NAIVE, '[PII]').length))),
    ),
  };
}
out.push('');
out.push(
  `throughput: redactText ${Math.round(texts.length / best.redact).toLocaleString('en')} sentences/s, ` +
    `plain regex scan ${Math.round(texts.length / best.naive).toLocaleString('en')} sentences/s: ` +
    `${(best.naive / best.redact).toFixed(3)}× the baseline (best of 3 rounds; ${sink > 0 ? 'work kept' : ''})`,
);
// Where the time goes: each detector alone over the same sentences (one round).
const detectors: [string, (t: string) => unknown][] = [
  ['email', findEmails],
  ['phone', (t) => findPhones(t, 'US')],
  ['card', findCards],
  ['iban', findIbans],
  ['ip', findIps],
];
out.push(
  `per detector (s for all ${texts.length} sentences): ` +
    detectors.map(([name, find]) => `${name} ${time(() => texts.forEach((t) => find(t))).toFixed(3)}`).join(', '),
);
process.stdout.write(`${out.join('\n')}\n`);
