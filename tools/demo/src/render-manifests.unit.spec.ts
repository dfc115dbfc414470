import type { DatasetManifest } from '@hindsight/datasets';
import { normaliseRecipe } from '@hindsight/datasets';
import { renderManifests } from './render-manifests';

const manifest = (objective: string, sha256: string): DatasetManifest => ({
  format: 'hindsight.dataset-manifest',
  version: 1,
  tenant: 'demo-x',
  asOf: '2027-03-31T22:00:00.000Z',
  recipe: normaliseRecipe({ objectives: [objective], minRaterAgreement: 0.5 }),
  codeVersion: '0.1.0',
  counts: {
    comparisonsConsidered: 800,
    pairs: 120,
    bySplit: { train: 90, validation: 10, test: 20 },
    byObjective: { [objective]: 120 },
    byRaterGroup: { 'cohort-b': 70, 'cohort-a': 50 },
    byExclusionReason: { tie: 4, duplicate: 30 },
  },
  kafkaOffsets: [
    { topic: 'p.annotations', partition: 0, maxOffset: '41', events: 40 },
    { topic: 'p.annotations', partition: 1, maxOffset: '59', events: 60 },
    { topic: 'p.deployment', partition: 0, maxOffset: '9', events: 10 },
  ],
  erasuresApplied: [],
  files: [],
  sha256,
});

describe('renderManifests', () => {
  it('shows each objective’s hash and counts, then what the builds share', () => {
    const lines = renderManifests([manifest('helpfulness', 'a'.repeat(64)), manifest('honesty', 'b'.repeat(64))]).split(
      '\n',
    );
    expect(lines[2]).toMatch(/^helpfulness\s+aaaaaaaaaaaaaaaa\s+800\s+120\s+90\s+10\s+20\s+duplicate 30, tie 4$/);
    expect(lines[3]).toMatch(/^honesty\s+bbbbbbbbbbbbbbbb/);
    expect(lines[4]).toBe('as of:        2027-03-31T22:00:00.000Z  (tenant demo-x, code 0.1.0)');
    expect(lines[5]).toContain('"minRaterAgreement":0.5');
    expect(lines[6]).toBe('read up to:   p.annotations: 100 events, last offsets by partition 0:41 1:59');
    expect(lines[7]).toBe('              p.deployment: 10 events, last offsets by partition 0:9');
    expect(lines[8]).toBe('pairs by rater group (helpfulness): cohort-a 50, cohort-b 70');
  });

  it('says so when there is nothing to show', () => {
    expect(renderManifests([])).toBe('(no dataset manifests)');
  });
});
