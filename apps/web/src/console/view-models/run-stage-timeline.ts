export type StageStatus = 'done' | 'current' | 'failed' | 'pending';

export interface StageStep {
  readonly stage: string;
  readonly label: string;
  readonly status: StageStatus;
}

const STAGES: readonly { readonly state: string; readonly label: string; readonly failedStages: readonly string[] }[] =
  [
    { state: 'requested', label: 'requested', failedStages: [] },
    { state: 'dataset-built', label: 'dataset built', failedStages: ['dataset'] },
    { state: 'gated', label: 'quality gates', failedStages: ['quality-gate'] },
    { state: 'trained', label: 'trained and registered', failedStages: ['training', 'evaluation'] },
    { state: 'completed', label: 'completed', failedStages: ['publish'] },
  ];

/**
 * The trainer's stages of a retrain run (requested → dataset built → gated →
 * trained → completed) with where the run stands: stages before its state are
 * done, its state is current (done when completed). A failed run marks the stage
 * its failure names (`failure.stage`: dataset, quality-gate, training, evaluation,
 * publish) as failed; without a stage, the one after the last reached.
 *
 * @example
 * runStageTimeline('failed', { stage: 'quality-gate' }).map((s) => s.status); // ['done', 'done', 'failed', 'pending', 'pending']
 * @throws never.
 */
export function runStageTimeline(state: string | null, failure: unknown): StageStep[] {
  if (state === 'failed') {
    const stage = typeof failure === 'object' && failure !== null ? (failure as { stage?: unknown }).stage : undefined;
    let at = STAGES.findIndex((s) => typeof stage === 'string' && s.failedStages.includes(stage));
    if (at < 0) at = 1;
    return STAGES.map((s, i) => ({
      stage: s.state,
      label: s.label,
      status: i < at ? 'done' : i === at ? 'failed' : 'pending',
    }));
  }
  const reached = STAGES.findIndex((s) => s.state === state);
  return STAGES.map((s, i) => ({
    stage: s.state,
    label: s.label,
    status:
      reached < 0
        ? 'pending'
        : i < reached || (i === reached && state === 'completed')
          ? 'done'
          : i === reached
            ? 'current'
            : 'pending',
  }));
}
