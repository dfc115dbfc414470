/** One sample line of a `/metrics` answer: `name{labels} value`. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a `/metrics` answer, and the declared type of each family. */
export interface Exposition {
  readonly samples: readonly MetricSample[];
  readonly types: ReadonlyMap<string, string>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = '[a-zA-Z_][a-zA-Z0-9_]*';
const LABEL_VALUE = '"(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
const LABELS = `\\{(?:${LABEL_NAME}=${LABEL_VALUE}(?:,${LABEL_NAME}=${LABEL_VALUE})*,?)?\\}`;
// Prometheus reads a value with Go's strconv.ParseFloat: Inf and NaN in any case (prom-client writes `Nan`).
const VALUE = '(?:[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:[iI][nN][fF]|[nN][aA][nN]))';
const SAMPLE = new RegExp(`^(${NAME})(${LABELS})? (${VALUE})(?: -?[0-9]+)?$`);
const HELP = new RegExp(`^# HELP ${NAME}(?: .*)?$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const LABEL_PAIR = new RegExp(`(${LABEL_NAME})=(${LABEL_VALUE})`, 'g');

/**
 * Reads a `/metrics` answer strictly, as Prometheus's text parser would (exposition
 * format 0.0.4): every line is a HELP, TYPE or comment line, a sample line, or empty;
 * a family's TYPE comes once and before its samples; the text ends with a line feed.
 * @example parsePrometheusText('# TYPE up gauge\nup{job="a"} 1\n').samples // [{ name: 'up', labels: { job: 'a' }, value: 1 }]
 * @throws Error naming the first line that breaks the format.
 */
export function parsePrometheusText(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('parsePrometheusText: the exposition must end with a line feed');
  const samples: MetricSample[] = [];
  const types = new Map<string, string>();
  const seen = new Set<string>();
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const fail = (why: string) => new Error(`parsePrometheusText: line ${index + 1} ${why}: ${JSON.stringify(line)}`);
      const type = TYPE.exec(line);
      if (type) {
        if (types.has(type[1])) throw fail('declares a family a second time');
        if (seen.has(type[1])) throw fail("declares a type after the family's samples");
        types.set(type[1], type[2]);
        return;
      }
      if (
        line === '' ||
        HELP.test(line) ||
        (line.startsWith('#') && !line.startsWith('# HELP') && !line.startsWith('# TYPE'))
      )
        return;
      const sample = SAMPLE.exec(line);
      if (!sample) throw fail('is not Prometheus text format');
      const labels: Record<string, string> = {};
      for (const [, name, quoted] of (sample[2] ?? '').matchAll(LABEL_PAIR))
        labels[name] = JSON.parse(quoted) as string;
      seen.add(familyOf(sample[1], types));
      samples.push({ name: sample[1], labels, value: valueOf(sample[3]) });
    });
  return { samples, types };
}

/** As Go's strconv.ParseFloat reads it: `+Inf`, `-inf`, `NaN` in any case, or a decimal number. */
function valueOf(text: string): number {
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return /^[+-]?nan$/i.test(text) ? NaN : Number(text);
}

/** A histogram's `_bucket`, `_sum` and `_count` samples belong to the family of their base name. */
function familyOf(name: string, types: ReadonlyMap<string, string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && (types.get(base) === 'histogram' || types.get(base) === 'summary') ? base : name;
}

/** The sum of the samples named `name` whose labels include `labels`; 0 when none does. */
export function sampleSum(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number {
  return exposition.samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

/** GET `${url}/metrics`, checked to be the Prometheus text format, parsed. */
export async function scrapeMetrics(url: string): Promise<Exposition> {
  const response = await fetch(`${url}/metrics`);
  if (response.status !== 200) throw new Error(`scrapeMetrics: ${url}/metrics answered ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain; version=0.0.4'))
    throw new Error(`scrapeMetrics: content-type "${type}" is not the Prometheus text format`);
  return parsePrometheusText(await response.text());
}
