/**
 * One fault scenario of `npm run faults`: it starts what it needs (its own broker,
 * PostgreSQL cluster and service processes), applies its fault under load, and ends
 * with the common accounting.
 */
export interface FaultScenario {
  /** Short kebab-case name, also the `--only` selector. */
  readonly name: string;
  /** One line: the fault and what must hold. */
  readonly summary: string;
  /** Part of `--quick` (the CI mode, all quick scenarios under 10 minutes together). */
  readonly quick: boolean;
  run(context: FaultContext): Promise<ScenarioOutcome>;
}

export interface FaultContext {
  /** Quick mode: smaller streams and shorter outages. */
  readonly quick: boolean;
  /** Seed for every random choice of the scenario (kill points, load mix); printed by the runner. */
  readonly seed: number;
  /** A fresh folder for this scenario (broker data, PostgreSQL cluster, datasets); removed afterwards. */
  readonly workDir: string;
  /** Progress line, prefixed with the scenario's name by the runner. */
  say(line: string): void;
}

export interface ScenarioCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ScenarioOutcome {
  readonly scenario: string;
  /** Requests the load generator sent (0 where the scenario is not about ingestion). */
  readonly requests: number;
  /** Answered 202 (or 201/207 items accepted). */
  readonly accepted: number;
  /** Answered 4xx/503 or not answered. */
  readonly refused: number;
  /** Accepted but absent from `events` after recovery. */
  readonly lost: number;
  /** Present more than once in `events` (any answer). */
  readonly duplicated: number;
  /** Seconds from the fault's end until the platform answered normally again; null when not measured. */
  readonly recoverySeconds: number | null;
  /** Further invariants (projection checksums equal a clean run's, one retrain per period, no run stuck…). */
  readonly checks: readonly ScenarioCheck[];
}

export function scenarioPassed(outcome: ScenarioOutcome): boolean {
  return outcome.lost === 0 && outcome.duplicated === 0 && outcome.checks.every((check) => check.ok);
}
