const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * Start and end offsets of the words in `text` (runs of letters and digits,
 * with inner apostrophes: "don't" is one word), in order.
 *
 * @example wordSpans('Hi, there!') // [0, 2, 4, 9]
 * @throws never.
 */
export function wordSpans(text: string): number[] {
  const spans: number[] = [];
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    spans.push(match.index, match.index + match[0].length);
  }
  return spans;
}
