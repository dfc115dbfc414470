import { Clock } from '@hindsight/contracts';

/** The system's clock, behind the Clock port (libs/contracts). */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock set to `start` when it is made, then running on at real speed: the
 * scheduler of a demo or rehearsal lives in another quarter (SCHEDULER_CLOCK_START)
 * while its fires still follow each other in real time.
 */
export class ShiftedClock extends Clock {
  private readonly offsetMs: number;

  constructor(
    start: Date,
    private readonly system: Clock = new SystemClock(),
  ) {
    super();
    this.offsetMs = start.getTime() - system.now().getTime();
  }

  now(): Date {
    return new Date(this.system.now().getTime() + this.offsetMs);
  }
}
