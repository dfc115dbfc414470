import { PromptDriftSignal } from './prompt-drift-signal';

const since = new Date('2026-01-01T00:00:00Z');
const repeat = (prompt: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prompt} ${i % 2 === 0 ? 'please' : 'thanks'}`);

function sourceOf(trainedOn: string[], deployed: string[]) {
  const calls: unknown[][] = [];
  return {
    calls,
    source: {
      trainedOnPrompts: async (...args: unknown[]) => (calls.push(['trainedOn', ...args]), trainedOn),
      deployedPrompts: async (...args: unknown[]) => (calls.push(['deployed', ...args]), deployed),
    },
  };
}

describe('PromptDriftSignal', () => {
  it('asks both sides for the tenant, objectives and instant, with the sampling limits', async () => {
    const { source, calls } = sourceOf(repeat('bake bread', 50), repeat('bake bread', 50));
    await new PromptDriftSignal(source, { sampleSize: 7, minPrompts: 50, maxChars: 9 }).driftOf(
      'acme',
      ['helpfulness'],
      since,
    );
    expect(calls).toEqual([
      ['trainedOn', 'acme', ['helpfulness'], since, 7, 9],
      ['deployed', 'acme', since, 7, 9],
    ]);
  });

  it('is not known while either side has fewer than the minimum of prompts with a word', async () => {
    const punctuation = Array.from({ length: 10 }, () => '?!');
    const cases: [string[], string[]][] = [
      [repeat('bake bread', 49), repeat('bake bread', 50)],
      [repeat('bake bread', 50), repeat('bake bread', 49)],
      [repeat('bake bread', 50), [...repeat('bake bread', 49), ...punctuation]],
      [[], []],
    ];
    for (const [trainedOn, deployed] of cases) {
      expect(
        await new PromptDriftSignal(sourceOf(trainedOn, deployed).source).driftOf('acme', ['helpfulness'], since),
      ).toBeUndefined();
    }
  });

  it('measures prompt drift once both sides reach the minimum', async () => {
    const signal = (deployed: string[]) =>
      new PromptDriftSignal(sourceOf(repeat('bake bread', 50), deployed).source).driftOf(
        'acme',
        ['helpfulness'],
        since,
      );
    expect(await signal(repeat('bake bread', 50))).toBe(0);
    expect(await signal(repeat('file taxes', 50))).toBeGreaterThan(0.5);
  });
});
