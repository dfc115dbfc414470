import { wordTokens } from './word-tokens';

describe('wordTokens', () => {
  it('lower-cases words of letters and digits, keeping inner apostrophes', () => {
    expect(wordTokens("Don't PANIC, café!")).toEqual(["don't", 'panic', 'café']);
    expect(wordTokens('GPT-4o costs $3.50 — ok?')).toEqual(['gpt', '4o', 'costs', '3', '50', 'ok']);
    expect(wordTokens('Straße und Ärger, 東京')).toEqual(['straße', 'und', 'ärger', '東京']);
  });

  it('gives one token for composed, decomposed and full-width spellings of a word', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    expect(wordTokens(decomposed)).toEqual(wordTokens(composed));
    expect(wordTokens('\uff28\uff49')).toEqual(['hi']); // full-width "Ｈｉ"
  });

  it('finds no words in punctuation or whitespace', () => {
    expect(wordTokens('')).toEqual([]);
    expect(wordTokens(' ?! … -- ')).toEqual([]);
  });
});
