import { RandomSource } from './random-source';

/**
 * A RandomSource that replays the given draws, for tests: `int(bound)` returns
 * the next draw (which must be below `bound`), `bytes` returns counting bytes.
 * Once the draws run out it answers 0.
 */
export class PinnedRandomSource extends RandomSource {
  private next = 0;
  private counter = 0;

  constructor(private readonly draws: readonly number[] = []) {
    super();
  }

  int(bound: number): number {
    const draw = this.next < this.draws.length ? this.draws[this.next++] : 0;
    if (draw >= bound) throw new RangeError(`PinnedRandomSource: draw ${draw} is not below bound ${bound}`);
    return draw;
  }

  bytes(length: number): Uint8Array {
    this.counter += 1;
    return Uint8Array.from({ length }, (_, i) => (this.counter + i) & 0xff);
  }
}
