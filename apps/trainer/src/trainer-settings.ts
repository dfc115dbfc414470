import { ConfigurationError, ValidationError } from '@hindsight/contracts';
import {
  ARTIFACT_VARIABLES,
  artifactStoreFromEnv,
  GATE_VARIABLES,
  gateThresholdsFromEnv,
  type ArtifactStore,
  type GateThresholds,
} from '@hindsight/training';

export interface TrainerSettings {
  /** The trainer's consumer group (its offsets live in consumer_offsets under this name). */
  readonly groupId: string;
  /** Where datasets, run files and models go: a local directory or an S3-compatible bucket (ARTIFACTS_DIR). */
  readonly artifacts: ArtifactStore;
  readonly gates: GateThresholds;
  /** How often the worker looks for unfinished runs and unpublished events when nothing wakes it. */
  readonly pollMs: number;
  /** Ridge penalty and iteration cap of the built-in Bradley–Terry trainer. */
  readonly l2: number;
  readonly maxIterations: number;
  /** Attempts at a run (a crash counts as one) before it is failed. */
  readonly maxAttempts: number;
  /** Rater groups with fewer training pairs are reported, not trained, in a per-group run (unless the run says otherwise). */
  readonly groupMinPairs: number;
  /** A pause after each registered model and stage, for demos and crash tests; 0 in production. */
  readonly stagePauseMs: number;
}

export const TRAINER_VARIABLES = {
  TRAINER_GROUP_ID: {
    default: 'hindsight-trainer',
    meaning: 'consumer group of the trainer on the retraining topic (its offsets live in PostgreSQL)',
  },
  ...ARTIFACT_VARIABLES,
  ...GATE_VARIABLES,
  TRAINER_POLL_MS: {
    default: '2000',
    meaning: 'how often the trainer looks for unfinished runs and unpublished events, in ms',
  },
  TRAINER_L2: { default: '0.001', meaning: 'ridge penalty of the built-in Bradley–Terry reward model' },
  TRAINER_MAX_ITERATIONS: { default: '100', meaning: 'L-BFGS iteration cap per reward model' },
  TRAINER_MAX_ATTEMPTS: { default: '5', meaning: 'attempts at one run (a crash counts as one) before it is failed' },
  TRAINER_GROUP_MIN_PAIRS: {
    default: '100',
    meaning:
      "per-group retrains: rater groups with fewer training pairs are reported, not trained (a run's perGroup.minPairs overrides it)",
  },
  TRAINER_STAGE_PAUSE_MS: {
    default: '0',
    meaning: 'pause after each stage and registered model (demos and crash tests only)',
  },
} as const;

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: keyof typeof TRAINER_VARIABLES, min: number, max: number): number {
  const raw = env[name]?.trim() || TRAINER_VARIABLES[name].default;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max)
    throw new ConfigurationError(name, `must be an integer between ${min} and ${max} (got "${raw}")`);
  return value;
}

/**
 * The trainer's own variables, validated like the platform's.
 * @throws ConfigurationError naming the variable.
 */
export function loadTrainerSettings(env: Env = process.env): TrainerSettings {
  const groupId = env.TRAINER_GROUP_ID?.trim() || TRAINER_VARIABLES.TRAINER_GROUP_ID.default;
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(groupId))
    throw new ConfigurationError('TRAINER_GROUP_ID', `must be letters, digits and ._- (got "${groupId}")`);
  const l2Raw = env.TRAINER_L2?.trim() || TRAINER_VARIABLES.TRAINER_L2.default;
  const l2 = Number(l2Raw);
  if (!Number.isFinite(l2) || l2 < 0)
    throw new ConfigurationError('TRAINER_L2', `must be a number >= 0 (got "${l2Raw}")`);
  let gates: GateThresholds;
  try {
    gates = gateThresholdsFromEnv(env);
  } catch (error) {
    const issue = (error as ValidationError).issues[0];
    throw new ConfigurationError(issue.path, issue.rule);
  }
  return {
    groupId,
    artifacts: artifactStoreFromEnv(env),
    gates,
    pollMs: integer(env, 'TRAINER_POLL_MS', 10, 3_600_000),
    l2,
    maxIterations: integer(env, 'TRAINER_MAX_ITERATIONS', 1, 100_000),
    maxAttempts: integer(env, 'TRAINER_MAX_ATTEMPTS', 1, 1000),
    groupMinPairs: integer(env, 'TRAINER_GROUP_MIN_PAIRS', 1, 100_000_000),
    stagePauseMs: integer(env, 'TRAINER_STAGE_PAUSE_MS', 0, 600_000),
  };
}
