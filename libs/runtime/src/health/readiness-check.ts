/** One dependency a service needs before it can do its work. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<{ up: boolean; detail: string }>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface DependencyStatus {
  readonly up: boolean;
  readonly detail: string;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'not-ready';
  readonly service: string;
  readonly down: readonly string[];
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
}

/** Runs every check at once; a check that throws counts as down with its message. */
export async function assessReadiness(service: string, checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c): Promise<[string, DependencyStatus]> => {
      try {
        return [c.name, await c.check()];
      } catch (error) {
        return [c.name, { up: false, detail: error instanceof Error ? error.message : String(error) }];
      }
    }),
  );
  const down = results.filter(([, s]) => !s.up).map(([n]) => n);
  return { status: down.length === 0 ? 'ready' : 'not-ready', service, down, dependencies: Object.fromEntries(results) };
}
