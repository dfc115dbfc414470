import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { LOGGER, PLATFORM_CONFIG, restartOnFatal, SystemClock } from '@hindsight/runtime';
import { DataSource } from '@hindsight/store';
import { createRoutingWorker, type RoutingWorker } from './routing-worker';

const ROUTING_WORKER = Symbol('ROUTING_WORKER');

/** Starts the router with the scheduler and stops it (consumer, then producer) on shutdown. */
class RoutingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ROUTING_WORKER) private readonly worker: RoutingWorker) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

/** Routing rules → `routing.interaction-routed`, once per (rule, interaction). */
@Module({})
export class RoutingModule {
  static register(groupId: string, windowDays: number): DynamicModule {
    return {
      module: RoutingModule,
      providers: [
        {
          provide: ROUTING_WORKER,
          useFactory: (config: PlatformConfig, ds: DataSource, logger: Logger) => {
            return createRoutingWorker(config, ds, logger, {
              groupId,
              stratifiedWindowDays: windowDays,
              clock: new SystemClock(),
              onFatal: restartOnFatal(logger, "the router's Kafka consumer"),
            });
          },
          inject: [PLATFORM_CONFIG, DataSource, LOGGER],
        },
        RoutingLifecycle,
      ],
    };
  }
}
