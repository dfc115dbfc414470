import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { RetrainSchedulingModule, type RetrainSchedulingOptions } from './retrain/retrain-scheduling.module';
import { WebhookDispatchModule } from './webhooks/webhook-dispatch.module';

/** Turns retrain policies into retrain.requested events, once per period, and dispatches the outbound webhooks. */
@Module({})
export class SchedulerModule {
  static forContext(context: ServiceContext, options: RetrainSchedulingOptions = {}): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        ...foundationModules('scheduler', context),
        RetrainSchedulingModule.register(options),
        WebhookDispatchModule.register(),
      ],
    };
  }
}
