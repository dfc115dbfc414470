import { LENGTH_FEATURE_NAMES } from './feature-config';

const LIST_MARKER = /^[ \t]*(?:[-*•]|\d{1,3}[.)])[ \t]/gm;

/**
 * The dense length features of a response, in the order of `LENGTH_FEATURE_NAMES`
 * (log(1 + characters), log(1 + words), log(1 + lines), log(1 + list-marker lines),
 * share of the response's distinct words found in the prompt).
 *
 * @example lengthFeatures('- a\n- b', 4, 0.5) // [log 8, log 5, log 3, log 3, 0.5]
 * @throws Error only if this file and `LENGTH_FEATURE_NAMES` fall out of step (a programming error).
 */
export function lengthFeatures(response: string, wordCount: number, promptWordOverlap: number): number[] {
  let lines = response.length === 0 ? 0 : 1;
  for (let i = 0; i < response.length; i++) if (response.charCodeAt(i) === 10) lines++;
  LIST_MARKER.lastIndex = 0;
  const listMarkers = response.match(LIST_MARKER)?.length ?? 0;
  const features = [
    Math.log1p(response.length),
    Math.log1p(wordCount),
    Math.log1p(lines),
    Math.log1p(listMarkers),
    promptWordOverlap,
  ];
  // Keep the order in step with LENGTH_FEATURE_NAMES, which the model artifact relies on.
  if (features.length !== LENGTH_FEATURE_NAMES.length)
    throw new Error('lengthFeatures: out of step with LENGTH_FEATURE_NAMES');
  return features;
}
