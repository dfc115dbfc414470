/** Time comes in through a port: the scheduler never reads the system clock itself, so tests drive it. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that moves only when told to (tests, replays). */
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

/**
 * A clock set to `start` when it is made, then running on at real speed: the
 * scheduler of a demo or rehearsal lives in another quarter (SCHEDULER_CLOCK_START)
 * while its fires still follow each other in real time.
 */
export class ShiftedClock extends Clock {
  private readonly offsetMs: number;

  constructor(start: Date, private readonly system: Clock = new SystemClock()) {
    super();
    this.offsetMs = start.getTime() - system.now().getTime();
  }

  now(): Date {
    return new Date(this.system.now().getTime() + this.offsetMs);
  }
}
