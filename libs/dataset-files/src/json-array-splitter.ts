/** One element of a top-level JSON array, as text, with the 1-based line it starts on. */
export interface JsonElement {
  readonly text: string;
  readonly line: number;
}

/**
 * Splits a top-level JSON array arriving in chunks into its elements' texts, holding only the
 * element being read: a file of a million rows is read in the memory of its largest row. It finds
 * element boundaries (commas and the closing bracket at depth 1, outside strings); each element's
 * own syntax is left to `JSON.parse`.
 *
 * @example
 * const s = new JsonArraySplitter(); [...s.push('[{"a":1},'), ...s.push('{"a":2}]')].map((e) => e.text) // ['{"a":1}', '{"a":2}']
 * @throws Error when the text is not an array, or has content after its closing bracket.
 */
export class JsonArraySplitter {
  private state: 'before' | 'inside' | 'after' = 'before';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private line = 1;
  private elementLine = 1;
  private elementStarted = false;

  /** The elements completed by this chunk. */
  push(chunk: string): JsonElement[] {
    const out: JsonElement[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) this.line += 1;
      if (this.state === 'before') {
        if (c === 91) {
          this.state = 'inside';
          start = i + 1;
        } else if (!isSpace(c))
          throw new Error(`expected a JSON array ("[") at line ${this.line}, found ${JSON.stringify(chunk[i])}`);
        continue;
      }
      if (this.state === 'after') {
        if (!isSpace(c))
          throw new Error(`unexpected ${JSON.stringify(chunk[i])} after the array's closing "]" at line ${this.line}`);
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 92) this.escaped = true;
        else if (c === 34) this.inString = false;
        continue;
      }
      if (!this.elementStarted && !isSpace(c) && c !== 44 && !(c === 93 && this.depth === 0)) {
        this.elementStarted = true;
        this.elementLine = this.line;
      }
      if (c === 34) this.inString = true;
      else if (c === 123 || c === 91) this.depth += 1;
      else if ((c === 125 || c === 93) && this.depth > 0) this.depth -= 1;
      else if (this.depth === 0 && (c === 44 || c === 93)) {
        this.parts.push(chunk.slice(start, i));
        const text = this.parts.join('').trim();
        this.parts = [];
        start = i + 1;
        if (text !== '') out.push({ text, line: this.elementLine });
        else if (c === 44) throw new Error(`an empty element (two commas) in the array at line ${this.line}`);
        this.elementStarted = false;
        if (c === 93) this.state = 'after';
      }
    }
    if (this.state === 'inside') this.parts.push(chunk.slice(start));
    return out;
  }

  /** @throws Error when the array was never closed. */
  end(): void {
    if (this.state === 'before') throw new Error('expected a JSON array, found no content');
    if (this.state === 'inside') throw new Error('the JSON array is not closed ("]" missing at the end)');
  }
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
