import { invalidInput } from '../agreement/invalid-input';
import { jensenShannonDivergence } from './jensen-shannon-divergence';

/**
 * The language of a BCP 47 tag: its primary language subtag, lower-cased
 * (RFC 5646 §2.2.1; tags are case-insensitive, §2.1.1). Regions and scripts are
 * folded in: `en-GB` and `en-US` prompts are one language to a reward model.
 *
 * @example primaryLanguage('pt-BR') // 'pt'
 * @throws never.
 */
export function primaryLanguage(tag: string): string {
  return tag.split('-')[0].toLowerCase();
}

/**
 * How far the language mix moved: the Jensen–Shannon divergence, in bits, between
 * the shares of each primary language (`primaryLanguage`) among the locales of the
 * two sides. 0 for the same mix, 1 when the sides share no language.
 *
 * @example localeMixDrift(['en', 'en-GB'], ['en-US', 'de']) // ≈ 0.3113 (SciPy's jensenshannon([1, 0], [0.5, 0.5])² / ln 2)
 * @throws ValidationError when either side is empty.
 */
export function localeMixDrift(trainedOn: readonly string[], since: readonly string[]): number {
  if (trainedOn.length === 0) throw invalidInput('localeMixDrift', 'trainedOn', 'must not be empty');
  if (since.length === 0) throw invalidInput('localeMixDrift', 'since', 'must not be empty');
  const index = new Map<string, number>();
  const count = (tags: readonly string[], side: 0 | 1, counts: number[][]) => {
    for (const tag of tags) {
      const language = primaryLanguage(tag);
      let i = index.get(language);
      if (i === undefined) {
        i = index.size;
        index.set(language, i);
        counts[0].push(0);
        counts[1].push(0);
      }
      counts[side][i] += 1;
    }
  };
  const counts: number[][] = [[], []];
  count(trainedOn, 0, counts);
  count(since, 1, counts);
  return jensenShannonDivergence(counts[0], counts[1], 2);
}
