// What other apps' tests drive of the scheduler (as `@hindsight/scheduler-service`): one tick at a time, on a clock of their own.
export { schedulerService } from './scheduler-service';
export { RetrainScheduler } from './retrain/retrain-scheduler';
export { ManualClock } from '@hindsight/contracts';
