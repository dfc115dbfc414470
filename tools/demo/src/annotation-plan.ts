import type { EventToSend } from '@hindsight/client';
import { simulatePopulation, type PlantedBehaviour } from '@hindsight/quality';
import { comparisonEvent, raterEvent, simulationKeyPrefix } from '@hindsight/quality-report';
import type { SimulatedQuarter } from './demo-calendar';

export interface AnnotationPlanOptions {
  readonly raters: number;
  /** Comparisons per quarter, on average (they fall uniformly over both quarters). */
  readonly comparisonsPerQuarter: number;
  readonly seed: number;
  readonly quarters: readonly [SimulatedQuarter, SimulatedQuarter];
}

export interface AnnotationPlan {
  /** The profiles, then the first quarter's comparisons; then the second quarter's comparisons. */
  readonly events: readonly [EventToSend[], EventToSend[]];
  readonly comparisons: readonly [number, number];
  /** What the simulator planted in each rater. */
  readonly planted: Readonly<Record<string, PlantedBehaviour>>;
  /** The true strength of each model version the raters compared. */
  readonly models: Readonly<Record<string, number>>;
}

/** Four model versions, each better than the last: the leaderboard should find this order. */
export const SIMULATED_MODEL_VERSIONS = ['chat-v1', 'chat-v2', 'chat-v3', 'chat-v4'] as const;
const STRENGTHS = [0, 0.5, 1, 1.5];

/**
 * A habit of phrasing per model version. The simulator's texts do not otherwise
 * say which model wrote them, while real outputs do (style, formatting, stock
 * phrases); without it a reward model trained on these texts could learn little
 * beyond length.
 */
export const MODEL_SIGNATURES: Readonly<Record<(typeof SIMULATED_MODEL_VERSIONS)[number], string>> = {
  'chat-v1': 'Let me know if you need anything else.',
  'chat-v2': 'To sum up, the steps above should cover it.',
  'chat-v3': 'One caveat: check this against your own constraints.',
  'chat-v4': 'If it helps, I can walk through a worked example next.',
};

function signed(event: EventToSend): EventToSend {
  if (event.type !== 'comparison.recorded') return event;
  const responses = event.data.responses.map((r) => ({
    ...r,
    text: `${r.text} ${MODEL_SIGNATURES[r.modelVersion as keyof typeof MODEL_SIGNATURES] ?? ''}`.trimEnd(),
  }));
  return { ...event, data: { ...event.data, responses } };
}

/**
 * Half a year of annotation as one seeded population, so every rater keeps its
 * planted behaviour across both quarters (the report at the end covers both):
 * the first tasks, up to `comparisonsPerQuarter` judgments, fall in the first
 * quarter and the rest in the second, each judgment keeping its relative place
 * in time; every response ends with its model version's signature. Idempotency
 * keys come from the seed and options, as `hindsight simulate` makes them. Pure.
 *
 * @example planAnnotation({ raters: 40, comparisonsPerQuarter: 1000, seed: 7, quarters }).events[0][0].type // 'rater.profiled'
 * @throws ValidationError from the simulator for bad counts.
 */
export function planAnnotation(options: AnnotationPlanOptions): AnnotationPlan {
  const [first, second] = options.quarters;
  const simulation = {
    raters: options.raters,
    comparisons: 2 * options.comparisonsPerQuarter,
    seed: options.seed,
    modelVersions: SIMULATED_MODEL_VERSIONS,
    modelStrengths: STRENGTHS,
    start: first.start.toISOString(),
    end: second.end.toISOString(),
  };
  const population = simulatePopulation(simulation);
  const prefix = simulationKeyPrefix(simulation);
  const languages = new Map(population.raters.map((r) => [r.raterId, r.languages]));
  const secondQuarterFrom = firstTaskBeyond(
    population.comparisons.map((c) => c.taskId),
    options.comparisonsPerQuarter,
  );
  const windowStart = first.start.getTime();
  const windowLength = second.end.getTime() - windowStart;
  const profiles = population.raters.map((r, k) => raterEvent(r, k, prefix) as EventToSend);
  const byQuarter: [EventToSend[], EventToSend[]] = [[], []];
  population.comparisons.forEach((c, k) => {
    const q = c.taskId < secondQuarterFrom ? 0 : 1;
    const quarter = options.quarters[q];
    // Same place in its quarter as it had in the half year: the simulator's order of events is kept.
    const at =
      quarter.start.getTime() +
      Math.floor(
        ((Date.parse(c.occurredAt) - windowStart) / windowLength) * (quarter.end.getTime() - quarter.start.getTime()),
      );
    byQuarter[q].push(
      signed(
        comparisonEvent(
          { ...c, occurredAt: new Date(at).toISOString() },
          k,
          prefix,
          languages.get(c.raterId),
        ) as EventToSend,
      ),
    );
  });
  return {
    events: [[...profiles, ...byQuarter[0]], byQuarter[1]],
    comparisons: [byQuarter[0].length, byQuarter[1].length],
    planted: population.truth.raters,
    models: population.truth.models,
  };
}

/** The first task id (in id order) once `count` judgments are reached, so no task straddles the two quarters. */
function firstTaskBeyond(taskIds: readonly string[], count: number): string {
  const perTask = new Map<string, number>();
  for (const id of taskIds) perTask.set(id, (perTask.get(id) ?? 0) + 1);
  let seen = 0;
  for (const id of [...perTask.keys()].sort()) {
    if (seen >= count) return id;
    seen += perTask.get(id)!;
  }
  return '\uffff';
}
