/**
 * A progress line on stderr for long commands: a bar, the count, the rate and
 * the time left. Redraws in place on a terminal; prints every 10 % otherwise.
 */
const UNKNOWN_TOTAL_STEP = 50_000;

export class ProgressBar {
  private readonly started = Date.now();
  private lastPrinted = -1;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** `total` undefined: the count so far and the rate, printed every `UNKNOWN_TOTAL_STEP` items off a terminal. */
  update(done: number, total: number | undefined): void {
    if (total === undefined) {
      const seconds = (Date.now() - this.started) / 1000;
      const line = `${this.label} ${done} ${Math.round(seconds > 0 ? done / seconds : 0)}/s`;
      if (this.stream.isTTY) this.stream.write(`\r${line}`);
      else if (Math.floor(done / UNKNOWN_TOTAL_STEP) !== this.lastPrinted) {
        this.lastPrinted = Math.floor(done / UNKNOWN_TOTAL_STEP);
        this.stream.write(`${line}\n`);
      }
      return;
    }
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && total > done ? Math.round((total - done) / rate) : 0;
    const line = `${this.label} [${'#'.repeat(Math.round(fraction * 30)).padEnd(30, '.')}] ${done}/${total} ${Math.round(rate)}/s ${eta}s left`;
    if (this.stream.isTTY) this.stream.write(`\r${line}`);
    else {
      const decile = Math.floor(fraction * 10);
      if (decile !== this.lastPrinted) {
        this.lastPrinted = decile;
        this.stream.write(`${line}\n`);
      }
    }
  }

  done(summary: string): void {
    this.stream.write(`${this.stream.isTTY ? '\r' : ''}${this.label}: ${summary}${' '.repeat(20)}\n`);
  }
}
