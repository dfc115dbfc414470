import type { ServiceDefinition } from '@hindsight/runtime';
import type { RetrainingOptions } from './retrain/retraining.module';
import { TrainerModule } from './trainer.module';

/** The trainer as a service definition: main.ts starts it, integration tests start it in-process. */
export function trainerService(options: RetrainingOptions = {}): ServiceDefinition {
  return { service: 'trainer', rootModule: (context) => TrainerModule.forContext(context, options) };
}
