import type { EventToSend } from '@hindsight/client';
import { simulatePopulation, type SimulationOptions } from '@hindsight/quality';
import { comparisonEvent, simulationWindow } from './simulation-events';

/**
 * Simulated comparisons whose response texts carry the model version that wrote them, as real outputs carry their
 * model's style, so a reward model trained on them can tell the versions apart (the trainer's specs, the faults
 * harness). The window ends now.
 * @throws Error if the simulator yields an event other than a comparison.
 */
export function modelStyledComparisons(
  options: Omit<SimulationOptions, 'start' | 'end'>,
  keyPrefix: string,
): EventToSend[] {
  const window = simulationWindow(undefined, new Date());
  const population = simulatePopulation({ ...options, ...window });
  return population.comparisons.map((record, i) => {
    const event = comparisonEvent(record, i, keyPrefix);
    if (event.type !== 'comparison.recorded') throw new Error('modelStyledComparisons: unexpected simulated event');
    const data = {
      ...event.data,
      responses: event.data.responses.map((r) => ({ ...r, text: `${r.text} [${r.modelVersion}]` })),
    };
    return {
      type: 'comparison.recorded',
      idempotencyKey: event.idempotencyKey,
      occurredAt: event.occurredAt,
      data,
    } as EventToSend;
  });
}
