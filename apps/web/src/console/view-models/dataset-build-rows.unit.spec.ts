import type { DatasetListing } from './api-types';
import { datasetBuildRows } from './dataset-build-rows';

describe('datasetBuildRows', () => {
  const listing: DatasetListing = {
    datasets: [
      {
        origin: 'api',
        id: '0198a000-0000-7000-8000-000000000001',
        tenant: 't',
        asOf: '2026-10-01T00:00:00.000Z',
        recipe: {},
        status: 'built',
        directory: '/d',
        error: null,
        manifest: {
          sha256: 'a'.repeat(64),
          counts: { pairs: 120, bySplit: { train: 100, test: 20 }, byObjective: { helpfulness: 120 } },
          erasuresAppliedCount: 2,
        },
        createdAt: '2026-10-02T00:00:00.000Z',
        finishedAt: '2026-10-02T00:00:05.000Z',
      },
      {
        origin: 'api',
        id: '0198a000-0000-7000-8000-000000000002',
        tenant: 't',
        asOf: '2026-10-03T00:00:00.000Z',
        recipe: {},
        status: 'failed',
        directory: '/d2',
        error: 'disk full',
        manifest: null,
        createdAt: '2026-10-04T00:00:00.000Z',
        finishedAt: null,
      },
    ],
    runBuilds: [
      {
        origin: 'run',
        runId: 'run-q4',
        objective: 'helpfulness',
        asOf: '2026-10-02T12:00:00.000Z',
        sha256: 'b'.repeat(64),
        examples: 300,
        manifestUri: 'file:///m.json',
        codeVersion: 'abc',
        updatedAt: '2026-10-03T00:00:00.000Z',
      },
      {
        origin: 'run',
        runId: 'run-q4',
        objective: 'harmlessness',
        asOf: '2026-10-02T12:00:00.000Z',
        sha256: 'c'.repeat(64),
        examples: 80,
        manifestUri: null,
        codeVersion: null,
        updatedAt: '2026-10-03T00:00:00.000Z',
      },
    ],
  };

  it("lists the api builds and the runs' builds together, newest first, each with its origin", () => {
    const rows = datasetBuildRows(listing);
    expect(rows.map((r) => [r.build, r.origin])).toEqual([
      ['0198a000-0000-7000-8000-000000000002', { kind: 'api' }],
      ['helpfulness', { kind: 'run', runId: 'run-q4' }],
      ['harmlessness', { kind: 'run', runId: 'run-q4' }],
      ['0198a000-0000-7000-8000-000000000001', { kind: 'api' }],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(4);
  });

  it("takes an api build's counts from its manifest and a run's from its dataset-built event", () => {
    const rows = datasetBuildRows(listing);
    expect(rows[3]).toMatchObject({
      status: 'built',
      pairs: 120,
      bySplit: { train: 100, test: 20 },
      erasures: 2,
      sha256: 'a'.repeat(64),
    });
    expect(rows[0]).toMatchObject({ status: 'failed: disk full', pairs: null, sha256: null });
    expect(rows[1]).toMatchObject({
      status: 'built',
      pairs: 300,
      byObjective: { helpfulness: 300 },
      sha256: 'b'.repeat(64),
      asOf: '2026-10-02T12:00:00.000Z',
    });
  });
});
