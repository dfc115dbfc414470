import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cohenKappa } from './cohen-kappa';

/**
 * PandaLM human test set (WeOpenML/PandaLM, data/testset-v1.json, Apache-2.0; copied byte for
 * byte to /work/shared/data, see its README): 999 response pairs, each labelled by the same
 * three annotators (0 tie, 1 response1 better, 2 response2 better).
 *
 * Published values — the PandaLM README, section "Test data": pairwise Cohen's kappa
 * #1–#2 0.85, #1–#3 0.88, #2–#3 0.86 (two decimals), and the label distribution
 * 0: 105, 1: 422, 2: 472.
 */
const file = '/work/shared/data/pandalm-testset-v1.json';

interface PandaItem {
  readonly annotator1: number;
  readonly annotator2: number;
  readonly annotator3: number;
}

// A missing file fails the suite on purpose: the published values are the point of this test.
describe('cohenKappa on the PandaLM test set', () => {
  const raw = readFileSync(file);
  const items = JSON.parse(raw.toString('utf8')) as PandaItem[];
  const column = (key: keyof PandaItem): number[] => items.map((item) => item[key]);

  it('reads the published file (999 items, sha256 from the data README)', () => {
    expect(createHash('sha256').update(raw).digest('hex')).toBe(
      'cc154f9067c7382d7ea86f8f246511a5e1ac87e1fddd845c5938d789505b07a4',
    );
    expect(items).toHaveLength(999);
  });

  it.each([
    ['annotator1', 'annotator2', 0.85],
    ['annotator1', 'annotator3', 0.88],
    ['annotator2', 'annotator3', 0.86],
  ] as const)('kappa(%s, %s) rounds to the README value %s', (a, b, published) => {
    const first = column(a);
    const second = column(b);
    const kappa = cohenKappa(first.map((label, i) => [label, second[i]]));
    expect(Math.round(kappa * 100) / 100).toBe(published);
  });

  it('has the README label distribution 105 / 422 / 472 for the majority label', () => {
    const counts = [0, 0, 0];
    for (const item of items) {
      const votes = [item.annotator1, item.annotator2, item.annotator3];
      const majority = votes.find((label) => votes.filter((v) => v === label).length >= 2);
      if (majority !== undefined) counts[majority]++;
    }
    expect(counts).toEqual([105, 422, 472]);
  });
});
