import type { FieldIssue } from '@hindsight/contracts';
import type { BatchResult, EventToSend } from '@hindsight/client';
import {
  simulatePopulation,
  type PlantedBehaviour,
  type SimulationOptions,
  type SimulationTruth,
} from '@hindsight/quality';
import { comparisonEvent, raterEvent, simulationKeyPrefix, type SimulatedEvent } from './simulation-events';

/** What the simulator needs of `HindsightClient`. */
export interface EventSender {
  sendBatch(events: readonly EventToSend[]): Promise<BatchResult>;
}

export interface RunSimulationRequest {
  readonly sender: EventSender;
  /** the population; `start`/`end` bound `occurredAt` */
  readonly options: SimulationOptions;
  /** events per `sendBatch` call (default 1000, the api's batch limit) */
  readonly chunkSize?: number;
  /** `sendBatch` calls in flight (default 4) */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** `truth.json`: the planted behaviour of every rater and each model version's true strength (plus what else the simulator knows). */
export interface TruthFile {
  readonly raters: Record<string, PlantedBehaviour>;
  readonly models: Record<string, number>;
  readonly conflictGroup: string;
  readonly contestedTasks: string[];
  readonly options: SimulationOptions;
  readonly idempotencyKeyPrefix: string;
}

export interface SimulationSummary {
  readonly raters: number;
  readonly comparisons: number;
  readonly events: number;
  /** newly accepted events */
  readonly accepted: number;
  /** events whose idempotency key the api had already seen (nothing new was written) */
  readonly replayed: number;
  readonly rejected: number;
  /** the first rejections, with the api's field issues */
  readonly rejections: { readonly idempotencyKey: string; readonly issues: readonly FieldIssue[] }[];
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly idempotencyKeyPrefix: string;
  readonly planted: Record<PlantedBehaviour, number>;
  readonly truth: TruthFile;
}

/**
 * The simulator as a workload: generates a seeded population with
 * `simulatePopulation` and sends its rater profiles, then its comparisons, through
 * the real api in batches (a few in flight). Idempotency keys come from the seed,
 * the options and the index, so running the same simulation again writes nothing new.
 *
 * @example
 * const summary = await runSimulation({ sender: new HindsightClient({ baseUrl, apiKey }), options: { raters: 200, comparisons: 50_000, seed: 7 } });
 * await writeFile('truth.json', JSON.stringify(summary.truth));
 * @throws ValidationError from the simulator for bad options; BatchSendError when a request as a whole fails.
 */
export async function runSimulation(request: RunSimulationRequest): Promise<SimulationSummary> {
  const population = simulatePopulation(request.options);
  const prefix = simulationKeyPrefix(request.options);
  const languages = new Map(population.raters.map((r) => [r.raterId, r.languages]));
  const total = population.raters.length + population.comparisons.length;
  const chunkSize = request.chunkSize ?? 1000;
  const concurrency = Math.max(1, request.concurrency ?? 4);
  const eventAt = (k: number): SimulatedEvent =>
    k < population.raters.length
      ? raterEvent(population.raters[k], k, prefix)
      : comparisonEvent(
          population.comparisons[k - population.raters.length],
          k - population.raters.length,
          prefix,
          languages.get(population.comparisons[k - population.raters.length].raterId),
        );

  let accepted = 0;
  let replayed = 0;
  let rejected = 0;
  let done = 0;
  const rejections: SimulationSummary['rejections'][number][] = [];
  const send = async (from: number, to: number) => {
    const events: SimulatedEvent[] = [];
    for (let k = from; k < to; k++) events.push(eventAt(k));
    const result = await request.sender.sendBatch(events);
    for (const item of result.results) {
      if (item.status === 'accepted') {
        if (item.replayed) replayed++;
        else accepted++;
      } else {
        rejected++;
        if (rejections.length < 10) rejections.push({ idempotencyKey: item.idempotencyKey, issues: item.issues });
      }
    }
    done += to - from;
    request.onProgress?.(done, total);
  };

  // Profiles first (one wave), then the comparisons with a few batches in flight.
  request.onProgress?.(0, total);
  for (let k = 0; k < population.raters.length; k += chunkSize)
    await send(k, Math.min(k + chunkSize, population.raters.length));
  let next = population.raters.length;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(next + chunkSize, total);
      await send(from, next);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const planted = { none: 0, 'position-bias': 0, 'length-bias': 0, spammer: 0, 'group-conflict': 0 } as Record<
    PlantedBehaviour,
    number
  >;
  for (const b of Object.values(population.truth.raters)) planted[b]++;
  return {
    raters: population.raters.length,
    comparisons: population.comparisons.length,
    events: total,
    accepted,
    replayed,
    rejected,
    rejections,
    start: request.options.start,
    end: request.options.end,
    idempotencyKeyPrefix: prefix,
    planted,
    truth: truthFile(population.truth, request.options, prefix),
  };
}

function truthFile(truth: SimulationTruth, options: SimulationOptions, prefix: string): TruthFile {
  return {
    raters: truth.raters,
    models: truth.models,
    conflictGroup: truth.conflictGroup,
    contestedTasks: truth.contestedTasks,
    options,
    idempotencyKeyPrefix: prefix,
  };
}
