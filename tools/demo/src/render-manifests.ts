import type { DatasetManifest } from '@hindsight/datasets';
import { formatTable } from '@hindsight/quality-report';

const counts = (record: Readonly<Record<string, number>>): string =>
  Object.entries(record).length === 0
    ? 'none'
    : Object.entries(record)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, n]) => `${k} ${n}`)
        .join(', ');

/**
 * The manifests of one run (one per objective) for the terminal: hash, counts by
 * split and exclusion reason per objective, then what they share: the as-of time,
 * the recipe, the code version and the Kafka offsets the build read up to. Pure.
 * @throws never.
 */
export function renderManifests(manifests: readonly DatasetManifest[]): string {
  if (manifests.length === 0) return '(no dataset manifests)';
  const table = formatTable(
    ['objective', 'sha256', 'comparisons', 'pairs', 'train', 'validation', 'test', 'excluded'],
    manifests.map((m) => [
      m.recipe.objectives.join(','),
      m.sha256.slice(0, 16),
      m.counts.comparisonsConsidered,
      m.counts.pairs,
      m.counts.bySplit.train ?? 0,
      m.counts.bySplit.validation ?? 0,
      m.counts.bySplit.test ?? 0,
      counts(m.counts.byExclusionReason),
    ]),
  );
  const [first] = manifests;
  const { objectives: _objectives, ...recipe } = first.recipe;
  const byTopic = new Map<string, { events: number; offsets: string[] }>();
  for (const o of first.kafkaOffsets) {
    const t = byTopic.get(o.topic) ?? { events: 0, offsets: [] };
    t.events += o.events;
    t.offsets.push(`${o.partition}:${o.maxOffset}`);
    byTopic.set(o.topic, t);
  }
  return [
    table,
    `as of:        ${first.asOf}  (tenant ${first.tenant}, code ${first.codeVersion})`,
    `recipe:       ${JSON.stringify(recipe)}`,
    ...[...byTopic].map(
      ([topic, t], k) =>
        `${k === 0 ? 'read up to:  ' : '             '} ${topic}: ${t.events} events, last offsets by partition ${t.offsets.join(' ')}`,
    ),
    `pairs by rater group (${first.recipe.objectives.join(',')}): ${counts(first.counts.byRaterGroup)}`,
  ].join('\n');
}
