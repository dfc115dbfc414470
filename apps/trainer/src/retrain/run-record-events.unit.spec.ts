import { registryManifest } from './run-record-events';

describe('registryManifest', () => {
  const erasures = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      eventId: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      subjectKind: 'rater',
      recordedAt: '2026-01-01T00:00:00.000Z',
    }));

  it('keeps a manifest whole while it is short enough', () => {
    const manifest = { sha256: 'ab', counts: { pairs: 3 }, erasuresApplied: erasures(2) };
    expect(registryManifest(manifest, 10_000)).toBe(manifest);
  });

  it('replaces a long list of applied erasures by its length, and keeps everything else', () => {
    const manifest = { sha256: 'ab', counts: { pairs: 3 }, erasuresApplied: erasures(200) };
    expect(registryManifest(manifest, 10_000)).toEqual({
      sha256: 'ab',
      counts: { pairs: 3 },
      erasuresAppliedCount: 200,
    });
  });
});
