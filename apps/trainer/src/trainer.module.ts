import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, readinessOf, type ServiceContext } from '@hindsight/runtime';
import { RetrainingModule, type RetrainingOptions } from './retrain/retraining.module';
import { loadTrainerSettings } from './trainer-settings';

/** Turns retrain.requested into datasets, quality gates and reward models. */
@Module({})
export class TrainerModule {
  static forContext(context: ServiceContext, options: RetrainingOptions = {}): DynamicModule {
    // Loaded here, once, so that /ready can check the same artifact store the pipeline writes to.
    const settings = options.settings ?? loadTrainerSettings();
    const artifacts = readinessOf('artifacts', async () => {
      await settings.artifacts.check();
      return settings.artifacts.location;
    });
    return {
      module: TrainerModule,
      imports: [
        ...foundationModules('trainer', context, [artifacts]),
        RetrainingModule.register({ ...options, settings }),
      ],
    };
  }
}
