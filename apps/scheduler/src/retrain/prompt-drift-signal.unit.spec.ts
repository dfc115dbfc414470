import { PROMPT_DRIFT_SAMPLING, PromptDriftSignal } from './prompt-drift-signal';

const DAY = 86_400_000;
const since = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-03-01T00:00:00Z');
const repeat = (prompt: string, n: number, extra: { locale?: string | null; surface?: string | null } = {}) =>
  Array.from({ length: n }, (_, i) => ({
    prompt: `${prompt} ${i % 2 === 0 ? 'please' : 'thanks'}`,
    locale: extra.locale ?? null,
    surface: extra.surface ?? null,
  }));
type Row = ReturnType<typeof repeat>[number];

function sourceOf(trainedOn: Row[], deployed: Row[]) {
  const calls: unknown[][] = [];
  return {
    calls,
    source: {
      trainedOnPrompts: async (...args: unknown[]) => (calls.push(['trainedOn', ...args]), trainedOn),
      deployedPrompts: async (...args: unknown[]) => (calls.push(['deployed', ...args]), deployed),
    },
  };
}
const sampling = { ...PROMPT_DRIFT_SAMPLING, windowMs: 30 * DAY };

describe('PromptDriftSignal', () => {
  it('asks both sides per objective, the deployed side from the window start (never before since)', async () => {
    const { source, calls } = sourceOf(repeat('bake bread', 50), repeat('bake bread', 50));
    const signal = new PromptDriftSignal(source, { ...sampling, sampleSize: 7, maxChars: 9 });
    await signal.readingsOf('acme', ['helpfulness', 'honesty'], since, now);
    const windowFrom = new Date(now.getTime() - 30 * DAY);
    expect(calls).toEqual([
      ['trainedOn', 'acme', ['helpfulness'], since, 7, 9],
      ['deployed', 'acme', 'helpfulness', windowFrom, 7, 9],
      ['trainedOn', 'acme', ['honesty'], since, 7, 9],
      ['deployed', 'acme', 'honesty', windowFrom, 7, 9],
    ]);
    calls.length = 0;
    await signal.readingsOf('acme', ['helpfulness'], since, new Date(since.getTime() + DAY));
    expect(calls[1]).toEqual(['deployed', 'acme', 'helpfulness', since, 7, 9]);
  });

  it('has no reading while either side has fewer than the minimum of prompts with a word', async () => {
    const punctuation = Array.from({ length: 10 }, () => ({ prompt: '?!', locale: null, surface: null }));
    const cases: [Row[], Row[]][] = [
      [repeat('bake bread', 49), repeat('bake bread', 50)],
      [repeat('bake bread', 50), repeat('bake bread', 49)],
      [repeat('bake bread', 50), [...repeat('bake bread', 49), ...punctuation]],
      [[], []],
    ];
    for (const [trainedOn, deployed] of cases) {
      const source = sourceOf(trainedOn, deployed).source;
      expect(await new PromptDriftSignal(source, sampling).readingsOf('acme', ['helpfulness'], since, now)).toEqual([]);
    }
  });

  it('reads the objective over all surfaces and each surface with enough prompts, busiest first', async () => {
    const deployed = [
      ...repeat('bake bread', 50, { surface: 'chat', locale: 'en' }),
      ...repeat('file taxes', 60, { surface: 'search', locale: 'de' }),
      ...repeat('file taxes', 10, { surface: 'email' }),
    ];
    const signal = new PromptDriftSignal(
      sourceOf(repeat('bake bread', 50, { locale: 'en' }), deployed).source,
      sampling,
    );
    const readings = await signal.readingsOf('acme', ['helpfulness'], since, now);
    expect(readings.map((r) => [r.objective, r.surface, r.deployed])).toEqual([
      ['helpfulness', null, 120],
      ['helpfulness', 'search', 60],
      ['helpfulness', 'chat', 50],
    ]);
    const [all, search, chat] = readings;
    expect(chat).toMatchObject({ words: 0, length: 0, localeMix: 0, trainedOn: 50 });
    expect(search.words).toBeGreaterThan(0.5);
    expect(search.localeMix).toBeCloseTo(1, 12);
    expect(all.words).toBeGreaterThan(chat.words);
    expect(all.words).toBeLessThan(search.words);
  });
});
