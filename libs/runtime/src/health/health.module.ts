import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, SERVICE_NAME, type ReadinessCheck } from './readiness-check';

@Module({})
export class HealthModule {
  static forService(service: string, checks: readonly ReadinessCheck[]): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        { provide: READINESS_CHECKS, useValue: [...checks] },
      ],
    };
  }
}
