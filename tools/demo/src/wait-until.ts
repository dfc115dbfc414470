import { UnavailableError } from '@hindsight/contracts';

export interface WaitOptions {
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called before every probe; throws to stop waiting (a service died). */
  readonly check?: () => void;
}

/**
 * Polls `probe` until `accept` likes its value and returns that value.
 * @throws UnavailableError naming what was awaited and the last value, after `timeoutMs`; whatever `check` throws.
 */
export async function waitUntil<T, S extends T>(
  probe: () => Promise<T>,
  accept: (value: T) => value is S,
  options: WaitOptions,
): Promise<S>;
export async function waitUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: WaitOptions,
): Promise<T>;
export async function waitUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.check?.();
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline)
      throw new UnavailableError(
        'platform',
        `gave up waiting for ${options.what} after ${Math.round(options.timeoutMs / 1000)} s (last seen: ${JSON.stringify(value)})`,
      );
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
}
