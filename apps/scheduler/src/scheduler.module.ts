import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { RetrainSchedulingModule, type RetrainSchedulingOptions } from './retrain/retrain-scheduling.module';
import { loadSchedulerSettings } from './retrain/scheduler-settings';
import { RoutingModule } from './routing/routing.module';

/** Turns retrain policies into retrain.requested events, once per period, and routes production traffic by the routing rules. */
@Module({})
export class SchedulerModule {
  static forContext(context: ServiceContext, options: RetrainSchedulingOptions = {}): DynamicModule {
    const settings = options.settings ?? loadSchedulerSettings();
    return {
      module: SchedulerModule,
      imports: [
        ...foundationModules('scheduler', context),
        RetrainSchedulingModule.register({ ...options, settings }),
        // Settings given without a router group (the scheduler's own specs) run the scheduler alone.
        ...(settings.routerGroupId === undefined
          ? []
          : [RoutingModule.register(settings.routerGroupId, settings.routingWindowDays ?? 7)]),
      ],
    };
  }
}
