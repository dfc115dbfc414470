/**
 * The one Clock port: time comes in through it, so domain code never reads the
 * system clock and tests, replays and rehearsals can drive it. An abstract class,
 * so it is also the dependency-injection token. The system's clock is
 * `SystemClock` (libs/runtime); `ManualClock` moves only when told.
 *
 * @example
 * class Service { constructor(private readonly clock: Clock) {} stamp() { return this.clock.now().toISOString(); } }
 */
export abstract class Clock {
  abstract now(): Date;
}

/**
 * A clock that moves only when told to (tests, replays).
 *
 * @example
 * const clock = new ManualClock('2026-07-01T00:00:00Z');
 * clock.advance(60_000);
 * clock.now(); // 2026-07-01T00:01:00.000Z
 */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
