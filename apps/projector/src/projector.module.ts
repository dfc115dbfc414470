import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { ProjectionModule } from './projection/projection.module';

/** Consumes every Hindsight topic and projects the events into PostgreSQL. */
@Module({})
export class ProjectorModule {
  static forContext(context: ServiceContext): DynamicModule {
    return { module: ProjectorModule, imports: [...foundationModules('projector', context), ProjectionModule] };
  }
}
