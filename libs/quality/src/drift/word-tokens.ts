// Runs of letters and digits with inner apostrophes ("don't" is one word): the
// word rule of the reward model's features (@hindsight/reward-model wordSpans),
// so drift is measured on the words the model actually sees.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * The words of `text`, lower-cased, in order. The text is NFKC-normalised first
 * so that one word typed as composed or decomposed characters ("é" vs "e" +
 * combining accent), or with compatibility forms (full-width letters, ligatures),
 * is one token.
 *
 * @example wordTokens("Don't PANIC, café!") // ["don't", 'panic', 'café']
 * @throws never.
 */
export function wordTokens(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}
