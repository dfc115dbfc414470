// What other apps' tests start of the trainer (as `@hindsight/trainer-service`): the service and its settings.
export { trainerService } from './trainer-service';
export { loadTrainerSettings } from './trainer-settings';
