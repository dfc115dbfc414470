import type { Logger } from 'pino';
import { HindsightError } from '@hindsight/contracts';
import type { ModelRegistryRepository, TrainerRunRepository } from '@hindsight/store';
import { advanced, registered } from './run-record-events';

/**
 * Announces what the trainer recorded before its runs and registry were
 * projections of Kafka: a `model.registered` for every registry entry and a
 * final `retrain.run-advanced` for every finished run that the projector has
 * not seen, recorded at the row's own time, so a replay rebuilds them as they
 * are. Goes through the outbox; the ids are fixed, so announcing twice is
 * harmless. A row that does not make a valid event is logged and left out.
 * Returns how many events it put in the outbox.
 */
export async function announceHistory(deps: {
  runs: TrainerRunRepository;
  models: ModelRegistryRepository;
  logger: Logger;
}): Promise<number> {
  let announced = 0;
  const attempt = async (what: Record<string, unknown>, work: () => Promise<void>) => {
    try {
      await work();
      announced += 1;
    } catch (error) {
      if (!(error instanceof HindsightError && error.code === 'validation')) throw error;
      deps.logger.error(
        { ...what, err: error.message },
        'cannot announce a record made before the registry was a projection; a replay will not rebuild it',
      );
    }
  };
  for (const model of await deps.models.listUnannounced()) {
    await attempt({ tenant: model.tenant, modelVersion: model.modelVersion }, () =>
      deps.runs.enqueue(model, [registered(model, model.requestEventId)], model.createdAt),
    );
  }
  for (const run of await deps.runs.listUnannouncedFinished()) {
    if (run.state !== 'completed' && run.state !== 'failed') continue;
    const state = run.state;
    await attempt({ tenant: run.tenant, runId: run.runId }, () =>
      deps.runs.enqueue(run, [advanced(run, run.updatedAt, state, {})], run.updatedAt),
    );
  }
  return announced;
}
