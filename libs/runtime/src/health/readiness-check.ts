/** One dependency a service needs before it can do its work. */
export interface ReadinessCheck {
  readonly name: string;
  /** The service goes on serving without it (the api ingests while PostgreSQL is down): down makes it `degraded`, still 200. */
  readonly optional?: boolean;
  check(): Promise<{ up: boolean; detail: string }>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

export interface DependencyStatus {
  readonly up: boolean;
  readonly detail: string;
}

export interface ReadinessReport {
  /** `degraded`: only optional dependencies are down; answered 200 like `ready`. */
  readonly status: 'ready' | 'degraded' | 'not-ready';
  readonly service: string;
  readonly down: readonly string[];
  readonly dependencies: Readonly<Record<string, DependencyStatus>>;
}

/** Runs every check at once; a check that throws counts as down with its message. */
export async function assessReadiness(service: string, checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const optional = new Set(checks.filter((c) => c.optional).map((c) => c.name));
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
  const status = down.length === 0 ? 'ready' : down.every((n) => optional.has(n)) ? 'degraded' : 'not-ready';
  return { status, service, down, dependencies: Object.fromEntries(results) };
}
