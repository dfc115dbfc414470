import { ValidationError } from '@hindsight/contracts';
import { localeMixDrift, primaryLanguage } from './locale-mix-drift';

describe('primaryLanguage', () => {
  it('keeps the primary language subtag, lower-cased (RFC 5646 §2.2.1)', () => {
    expect(['en', 'en-GB', 'EN-us', 'zh-Hant-TW', 'pt-BR'].map(primaryLanguage)).toEqual([
      'en',
      'en',
      'en',
      'zh',
      'pt',
    ]);
  });
});

describe('localeMixDrift', () => {
  it("matches SciPy's jensenshannon([1, 0], [0.5, 0.5]) (docstring) when half the traffic turns German", () => {
    expect(localeMixDrift(['en', 'en-GB'], ['en-US', 'de'])).toBeCloseTo(0.46450140402245893 ** 2 / Math.LN2, 14);
  });

  it("matches SciPy's test_jensenshannon counts [1, 2] against [0.5, 1.5] (distance 0.0649045, natural log)", () => {
    // 1 German and 2 English prompts before; 1 German and 3 English after (the shares of [0.5, 1.5]).
    const bits = localeMixDrift(['de', 'en', 'en-GB'], ['de-AT', 'en', 'en', 'en-US']);
    expect(Math.sqrt(bits * Math.LN2)).toBeCloseTo(0.0649045, 7);
  });

  it('is 0 for the same mix in any order and region, 1 for no language in common', () => {
    expect(localeMixDrift(['en', 'fr', 'en'], ['fr-CA', 'en-GB', 'en-US'])).toBe(0);
    expect(localeMixDrift(['en', 'en'], ['ja', 'ko'])).toBeCloseTo(1, 12);
  });

  it('refuses an empty side', () => {
    expect(() => localeMixDrift([], ['en'])).toThrow(ValidationError);
    expect(() => localeMixDrift(['en'], [])).toThrow('localeMixDrift: since must not be empty');
  });
});
