import type { ServiceDefinition } from '@hindsight/runtime';
import type { RetrainSchedulingOptions } from './retrain/retrain-scheduling.module';
import { SchedulerModule } from './scheduler.module';

/** The scheduler as a service definition: main.ts starts it, integration tests start replicas in-process. */
export function schedulerService(options: RetrainSchedulingOptions = {}): ServiceDefinition {
  return { service: 'scheduler', rootModule: (context) => SchedulerModule.forContext(context, options) };
}
