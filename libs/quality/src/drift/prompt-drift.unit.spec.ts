import { ValidationError } from '@hindsight/contracts';
import { fnv1a32 } from '@hindsight/reward-model';
import { mulberry32, type Random } from '@hindsight/reward-model';
import { promptDrift } from './prompt-drift';
import { WORD_BUCKETS } from './word-distribution';

const COOKING = [
  'how',
  'do',
  'i',
  'bake',
  'bread',
  'sourdough',
  'oven',
  'flour',
  'yeast',
  'knead',
  'dough',
  'crust',
  'rise',
  'temperature',
  'recipe',
];
const TAXES = [
  'file',
  'taxes',
  'deduction',
  'refund',
  'invoice',
  'vat',
  'audit',
  'income',
  'return',
  'deadline',
  'receipt',
  'accountant',
  'form',
  'quarterly',
  'penalty',
];

/** `n` prompts of 5–12 words drawn uniformly from `vocabulary`. */
function prompts(vocabulary: readonly string[], n: number, random: Random): string[] {
  return Array.from({ length: n }, () =>
    Array.from(
      { length: 5 + Math.floor(random() * 8) },
      () => vocabulary[Math.floor(random() * vocabulary.length)],
    ).join(' '),
  );
}

describe('promptDrift', () => {
  it('is 0 for the same prompts, in any order and case', () => {
    const trained = ['How do I bake bread?', 'What oven temperature for sourdough?'];
    expect(promptDrift(trained, trained)).toBe(0);
    expect(
      promptDrift(
        trained,
        [...trained].reverse().map((p) => p.toUpperCase()),
      ),
    ).toBe(0);
  });

  it('is 1 (within 1e-9) for disjoint vocabularies that share no bucket', () => {
    const slots = (words: readonly string[]) => new Set(words.map((w) => fnv1a32(w) % WORD_BUCKETS));
    const union = new Set([...slots(COOKING), ...slots(TAXES)]);
    expect(union.size).toBe(COOKING.length + TAXES.length); // no collision, so the vocabularies stay disjoint once hashed
    const random = mulberry32(7);
    expect(promptDrift(prompts(COOKING, 200, random), prompts(TAXES, 200, random))).toBeCloseTo(1, 9);
  });

  it('is low for new prompts on the same topic and high for a new topic', () => {
    const random = mulberry32(42);
    const trained = prompts(COOKING, 500, random);
    const sameTopic = promptDrift(trained, prompts(COOKING, 500, random));
    const halfNew = promptDrift(trained, [...prompts(COOKING, 250, random), ...prompts(TAXES, 250, random)]);
    const newTopic = promptDrift(trained, prompts(TAXES, 500, random));
    expect(sameTopic).toBeGreaterThan(0); // sampling alone leaves a small floor
    expect(sameTopic).toBeLessThan(0.01);
    expect(halfNew).toBeGreaterThan(0.2);
    expect(halfNew).toBeLessThan(0.6);
    expect(newTopic).toBeGreaterThan(0.99);
  });

  it('refuses a side without a single word', () => {
    expect(() => promptDrift(['?!'], ['bake bread'])).toThrow(ValidationError);
    expect(() => promptDrift([], ['bake bread'])).toThrow('promptDrift: trainedOn must contain at least one word');
    expect(() => promptDrift(['bake bread'], ['', '...'])).toThrow('promptDrift: since must contain at least one word');
  });
});
