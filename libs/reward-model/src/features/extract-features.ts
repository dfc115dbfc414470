import { fmix32 } from '../hashing/fmix32';
import { fnv1a32, FNV1A32_OFFSET_BASIS } from '../hashing/fnv1a32';
import { fnv1a32Uint32 } from '../hashing/fnv1a32-uint32';
import type { FeatureConfig } from './feature-config';
import { lengthFeatures } from './length-features';
import type { SparseVector } from './sparse-vector';
import { wordSpans } from './word-spans';

// Each feature family hashes from its own seed, so "the" as a unigram and "the"
// as a character n-gram land in unrelated slots.
const WORD_UNIGRAM_SEED = fnv1a32('w1\u0000');
const WORD_BIGRAM_SEED = fnv1a32('w2\u0000');
const CHAR_NGRAM_SEED = fnv1a32('c\u0000');
const INTERACTION_SEED = fnv1a32('x\u0000');
const IN_FAMILY = 1;
const IN_VECTOR = 2;

// Reused scratch space for one dimension: extraction runs millions of times in
// training, and allocating (typed) arrays per call would dominate its cost.
// `slots[2s]` is slot s's running value, `slots[2s+1]` its count in the current
// family (interleaved: one cache line per slot). JavaScript is single-threaded,
// and every entry is cleared again before `extractFeatures` returns.
interface Scratch {
  readonly mask: number;
  readonly slots: Float64Array;
  readonly flags: Uint8Array;
  familySlots: Int32Array;
  familyCount: number;
  vectorSlots: Int32Array;
  vectorCount: number;
}
let scratch: Scratch | undefined;

/**
 * Deterministic features of `response` to `prompt`: signed, hashed counts of
 * lower-cased word uni/bigrams, character n-grams and (optionally) response
 * words that also occur in the prompt, each family scaled to unit L2 norm, in
 * slots `[0, dimension)` chosen by FNV-1a finalised with MurmurHash3's fmix32
 * (the top hash bit gives the sign, Weinberger et al. 2009); then the dense
 * `LENGTH_FEATURE_NAMES` at `dimension + i`. Features of the prompt alone are
 * left out: they cancel in a pairwise difference.
 *
 * @example extractFeatures('How do I sort?', 'Use `sort()`.', DEFAULT_FEATURE_CONFIG) // { indices: Int32Array [...], values: Float64Array [...] }
 * @throws never for a valid config (see `resolveFeatureConfig`).
 */
export function extractFeatures(prompt: string, response: string, config: FeatureConfig): SparseVector {
  const { dimension, wordNgramMax, charNgramSize, promptInteractions } = config;
  if (scratch === undefined || scratch.mask !== dimension - 1) {
    scratch = {
      mask: dimension - 1,
      slots: new Float64Array(2 * dimension),
      flags: new Uint8Array(dimension),
      familySlots: new Int32Array(1024),
      familyCount: 0,
      vectorSlots: new Int32Array(1024),
      vectorCount: 0,
    };
  }
  const state = scratch;
  state.vectorCount = 0;

  const text = response.toLowerCase();
  const spans = wordSpans(text);
  const wordCount = spans.length / 2;
  const wordHashes: number[] = new Array(wordCount);
  for (let w = 0; w < wordCount; w++)
    wordHashes[w] = fnv1a32(text, FNV1A32_OFFSET_BASIS, spans[2 * w], spans[2 * w + 1]);

  for (let w = 0; w < wordCount; w++) addKey(state, fnv1a32Uint32(WORD_UNIGRAM_SEED, wordHashes[w]));
  closeFamily(state);
  if (wordNgramMax >= 2) {
    for (let w = 0; w + 1 < wordCount; w++) {
      addKey(state, fnv1a32Uint32(fnv1a32Uint32(WORD_BIGRAM_SEED, wordHashes[w]), wordHashes[w + 1]));
    }
    closeFamily(state);
  }
  if (charNgramSize > 0) {
    for (let i = 0; i + charNgramSize <= text.length; i++)
      addKey(state, fnv1a32(text, CHAR_NGRAM_SEED, i, i + charNgramSize));
    closeFamily(state);
  }

  const distinctWords = new Set<number>(wordHashes);
  const promptText = prompt.toLowerCase();
  const promptSpans = wordSpans(promptText);
  const promptWords = new Set<number>();
  for (let p = 0; p < promptSpans.length; p += 2) {
    promptWords.add(fnv1a32(promptText, FNV1A32_OFFSET_BASIS, promptSpans[p], promptSpans[p + 1]));
  }
  let shared = 0;
  for (const word of distinctWords) {
    if (!promptWords.has(word)) continue;
    shared++;
    if (promptInteractions) addKey(state, fnv1a32Uint32(INTERACTION_SEED, word));
  }
  closeFamily(state);
  const dense = lengthFeatures(response, wordCount, distinctWords.size === 0 ? 0 : shared / distinctWords.size);

  const { slots, flags } = state;
  const order = state.vectorSlots.subarray(0, state.vectorCount).sort();
  let nonZero = 0;
  for (let k = 0; k < order.length; k++) if (slots[2 * order[k]] !== 0) nonZero++;
  for (let d = 0; d < dense.length; d++) if (dense[d] !== 0) nonZero++;
  const indices = new Int32Array(nonZero);
  const values = new Float64Array(nonZero);
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const slot = order[k];
    if (slots[2 * slot] !== 0) {
      indices[n] = slot;
      values[n++] = slots[2 * slot];
    }
    slots[2 * slot] = 0;
    flags[slot] = 0;
  }
  // Dense features sit after every hashed slot, so the indices stay increasing.
  for (let d = 0; d < dense.length; d++) {
    if (dense[d] !== 0) {
      indices[n] = dimension + d;
      values[n++] = dense[d];
    }
  }
  return { indices, values };
}

/** Counts one hashed key in the current family: low bits pick the slot, the top bit the sign. */
function addKey(state: Scratch, key: number): void {
  const h = fmix32(key);
  const slot = h & state.mask;
  if ((state.flags[slot] & IN_FAMILY) === 0) {
    state.flags[slot] |= IN_FAMILY;
    state.familySlots = push(state.familySlots, state.familyCount++, slot);
  }
  state.slots[2 * slot + 1] += h >>> 31 ? -1 : 1;
}

/** Scales the current family's counts to unit L2 norm and adds them to the running values. */
function closeFamily(state: Scratch): void {
  const { slots, flags } = state;
  let squares = 0;
  for (let k = 0; k < state.familyCount; k++) squares += slots[2 * state.familySlots[k] + 1] ** 2;
  const scale = squares === 0 ? 0 : 1 / Math.sqrt(squares);
  for (let k = 0; k < state.familyCount; k++) {
    const slot = state.familySlots[k];
    const count = slots[2 * slot + 1];
    if (count !== 0) {
      if ((flags[slot] & IN_VECTOR) === 0) {
        flags[slot] |= IN_VECTOR;
        state.vectorSlots = push(state.vectorSlots, state.vectorCount++, slot);
      }
      slots[2 * slot] += count * scale;
    }
    slots[2 * slot + 1] = 0;
    flags[slot] &= ~IN_FAMILY;
  }
  state.familyCount = 0;
}

/** Writes `value` at `at`, doubling the array first when it is full; returns the (possibly new) array. */
function push(array: Int32Array, at: number, value: number): Int32Array {
  let target = array;
  if (at === array.length) {
    target = new Int32Array(array.length * 2);
    target.set(array);
  }
  target[at] = value;
  return target;
}
