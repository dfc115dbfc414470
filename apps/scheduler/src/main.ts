import 'reflect-metadata';
import { runService } from '@hindsight/runtime';
import { loadSchedulerSettings, type SchedulerSettings } from './retrain/scheduler-settings';
import { schedulerService } from './scheduler-service';

// The scheduler's own variables are checked before anything connects.
let settings: SchedulerSettings;
try {
  settings = loadSchedulerSettings();
} catch (error) {
  process.stderr.write(`scheduler failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
runService(schedulerService({ settings }));
