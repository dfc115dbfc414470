import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ModelRegistryRepository } from '@hindsight/store';
import { ModelRegistryViews } from '@hindsight/training';
import { AuthModule } from '../auth/auth.module';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

/** GET /v1/models, /v1/models/:version and /v1/models/compare?a=&b=. */
@Module({
  imports: [AuthModule],
  controllers: [ModelsController],
  providers: [ModelsService, { provide: ModelRegistryViews, useFactory: (ds: DataSource) => new ModelRegistryViews(new ModelRegistryRepository(ds)), inject: [DataSource] }],
})
export class ModelsModule {}
