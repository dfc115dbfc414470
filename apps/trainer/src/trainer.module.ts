import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { RetrainingModule, type RetrainingOptions } from './retrain/retraining.module';

/** Turns retrain.requested into datasets, quality gates and reward models. */
@Module({})
export class TrainerModule {
  static forContext(context: ServiceContext, options: RetrainingOptions = {}): DynamicModule {
    return { module: TrainerModule, imports: [...foundationModules('trainer', context), RetrainingModule.register(options)] };
  }
}
