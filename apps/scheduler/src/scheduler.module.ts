import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { RetrainSchedulingModule, type RetrainSchedulingOptions } from './retrain/retrain-scheduling.module';
import { WebhookDispatchModule } from './webhooks/webhook-dispatch.module';
import { loadSchedulerSettings } from './retrain/scheduler-settings';
import { RoutingModule } from './routing/routing.module';

/** Turns retrain policies into retrain.requested events, once per period, routes production traffic by the routing rules and dispatches the outbound webhooks. */
@Module({})
export class SchedulerModule {
  static forContext(context: ServiceContext, options: RetrainSchedulingOptions = {}): DynamicModule {
    const settings = options.settings ?? loadSchedulerSettings();
    return {
      module: SchedulerModule,
      imports: [
        ...foundationModules('scheduler', context),
        RetrainSchedulingModule.register({ ...options, settings }),
        WebhookDispatchModule.register(),
        // Settings given without a router group (the scheduler's own specs) run the scheduler alone.
        ...(settings.routerGroupId === undefined
          ? []
          : [RoutingModule.register(settings.routerGroupId, settings.routingWindowDays ?? 7)]),
      ],
    };
  }
}
