import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { ServiceMetrics } from './metrics/service-metrics';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const LOGGER = Symbol('LOGGER');

class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Gives every module of a service its configuration, logger, database connection and metrics registry. */
@Global()
@Module({})
export class CoreModule {
  static forService(
    config: PlatformConfig,
    logger: Logger,
    dataSource: DataSource,
    metrics: ServiceMetrics,
  ): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: DataSource, useValue: dataSource },
        { provide: ServiceMetrics, useValue: metrics },
        { provide: DataSourceCloser, useFactory: () => new DataSourceCloser(dataSource) },
      ],
      exports: [PLATFORM_CONFIG, LOGGER, DataSource, ServiceMetrics],
    };
  }
}
