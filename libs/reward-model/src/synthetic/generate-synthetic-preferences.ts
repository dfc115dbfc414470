import { ValidationError } from '@hindsight/contracts';
import type { PreferencePair } from '../model/reward-model';
import { mulberry32, type Random } from '../random/mulberry32';

/** Words that raise a response's latent quality by `WORD_EFFECT` each. */
export const SYNTHETIC_GOOD_WORDS = [
  'clearly',
  'verified',
  'example',
  'because',
  'tested',
  'source',
  'specifically',
  'precisely',
];
/** Words that lower it by `WORD_EFFECT` each. */
export const SYNTHETIC_BAD_WORDS = ['maybe', 'whatever', 'unsure', 'guess', 'dunno', 'vague', 'sorry', 'somehow'];
const TOPICS = [
  'rivers',
  'compilers',
  'gardens',
  'markets',
  'planets',
  'vaccines',
  'bridges',
  'poetry',
  'taxes',
  'volcanoes',
];
const WORD_EFFECT = 0.6;
const LENGTH_EFFECT = 0.8;
const TOPIC_EFFECT = 0.7;

/** Synthetic preferences and, per pair, the latent quality margin q(chosen) − q(rejected) that generated the label. */
export interface SyntheticPreferences {
  readonly pairs: PreferencePair[];
  readonly latentMargins: Float64Array;
}

/**
 * Preference pairs from a known Bradley–Terry generator, for tests and benchmarks.
 * Each prompt is "Tell me about <topic>." Each response has 4–30 words, each word
 * a good word (15 %), a bad word (15 %), the topic (5 %) or filler (65 %). Its latent
 * quality is q = 0.6·(#good − #bad) + 0.8·ln(1 + words) + 0.7·[mentions the topic],
 * and of two responses a is chosen with probability σ(q(a) − q(b)). The Bayes-optimal
 * ranker (higher q wins) is right with expected probability mean σ(|margin|).
 *
 * @example generateSyntheticPreferences(1000, 42).pairs.length // 1000
 * @throws ValidationError when `count` is not a non-negative integer or `seed` is not a safe integer.
 */
export function generateSyntheticPreferences(count: number, seed: number): SyntheticPreferences {
  if (!Number.isInteger(count) || count < 0) {
    throw new ValidationError([{ path: 'count', rule: 'generateSyntheticPreferences: non-negative integer' }]);
  }
  const random = mulberry32(seed);
  const fillers = fillerWords(mulberry32(0x5eed), 400);
  const pairs: PreferencePair[] = new Array(count);
  const latentMargins = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const topic = TOPICS[Math.floor(random() * TOPICS.length)];
    const a = syntheticResponse(random, fillers, topic);
    const b = syntheticResponse(random, fillers, topic);
    const aWins = random() < 1 / (1 + Math.exp(-(a.quality - b.quality)));
    const [chosen, rejected] = aWins ? [a, b] : [b, a];
    pairs[i] = { prompt: `Tell me about ${topic}.`, chosen: chosen.text, rejected: rejected.text };
    latentMargins[i] = chosen.quality - rejected.quality;
  }
  return { pairs, latentMargins };
}

function syntheticResponse(
  random: Random,
  fillers: readonly string[],
  topic: string,
): { text: string; quality: number } {
  const length = 4 + Math.floor(random() * 27);
  const words: string[] = [];
  let score = 0;
  let mentionsTopic = false;
  for (let w = 0; w < length; w++) {
    const u = random();
    if (u < 0.15) {
      words.push(SYNTHETIC_GOOD_WORDS[Math.floor(random() * SYNTHETIC_GOOD_WORDS.length)]);
      score += 1;
    } else if (u < 0.3) {
      words.push(SYNTHETIC_BAD_WORDS[Math.floor(random() * SYNTHETIC_BAD_WORDS.length)]);
      score -= 1;
    } else if (u < 0.35) {
      words.push(topic);
      mentionsTopic = true;
    } else {
      words.push(fillers[Math.floor(random() * fillers.length)]);
    }
  }
  const quality = WORD_EFFECT * score + LENGTH_EFFECT * Math.log1p(length) + (mentionsTopic ? TOPIC_EFFECT : 0);
  return { text: `${words.join(' ')}.`, quality };
}

/** Pronounceable filler words of two or three consonant–vowel syllables. */
function fillerWords(random: Random, count: number): string[] {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  const words = new Set<string>();
  while (words.size < count) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 2);
    for (let s = 0; s < syllables; s++) {
      word += consonants[Math.floor(random() * consonants.length)] + vowels[Math.floor(random() * vowels.length)];
    }
    words.add(word);
  }
  return [...words];
}
