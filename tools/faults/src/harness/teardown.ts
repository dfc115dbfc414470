/**
 * What a scenario started, stopped in reverse order when it ends (also on failure).
 * Each step is awaited on its own; one failing step does not keep the others from running.
 */
export class Teardown {
  private static readonly live = new Set<Teardown>();
  private readonly steps: Array<{ label: string; step: () => unknown }> = [];

  constructor() {
    Teardown.live.add(this);
  }

  /** Runs every teardown not yet run (the runner calls it on SIGINT/SIGTERM). */
  static async runAll(say: (line: string) => void): Promise<void> {
    for (const teardown of [...Teardown.live]) await teardown.run(say);
  }

  add(label: string, step: () => unknown): void {
    this.steps.push({ label, step });
  }

  async run(say: (line: string) => void): Promise<void> {
    while (this.steps.length > 0) {
      const { label, step } = this.steps.pop()!;
      try {
        await step();
      } catch (error) {
        say(`teardown of ${label} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    Teardown.live.delete(this);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until `done` holds or the time is up; returns the last value and whether it held. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  everyMs = 500,
): Promise<{ value: T; ok: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T;
    try {
      value = await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(everyMs);
      continue;
    }
    if (done(value)) return { value, ok: true };
    if (Date.now() > deadline) return { value, ok: false };
    await sleep(everyMs);
  }
}
