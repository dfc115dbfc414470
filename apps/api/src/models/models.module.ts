import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from '@hindsight/store';
import { ModelOutcomeSourceRepository, ModelRegistryRepository } from '@hindsight/store';
import { Clock } from '@hindsight/contracts';
import { SystemClock } from '@hindsight/runtime';
import { artifactStoreFromEnv, ModelRegistryViews, OutcomeAuditor, type ArtifactStore } from '@hindsight/training';
import { AuthModule } from '../auth/auth.module';
import { IngestionModule } from '../ingestion/ingestion.module';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');

/** Closes the artifact store's connections (an s3:// store keeps some) with the application. */
class ArtifactStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ARTIFACT_STORE) private readonly store: ArtifactStore) {}

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}

/**
 * GET /v1/models, /v1/models/:version and /v1/models/compare?a=&b=, and
 * POST /v1/models/:version/outcome-audit. Compare reads
 * the two dataset builds from the artifact store the trainer writes to (ARTIFACTS_DIR,
 * validated at start-up); the on-demand audit reads the models from there too, so the api needs the same ARTIFACTS_DIR (and AWS variables for s3://).
 */
@Module({
  // IngestionModule: the api's one Kafka publisher (on-demand outcome audits).
  imports: [AuthModule, IngestionModule],
  controllers: [ModelsController],
  providers: [
    ModelsService,
    { provide: ARTIFACT_STORE, useFactory: () => artifactStoreFromEnv(process.env) },
    ArtifactStoreLifecycle,
    {
      provide: ModelRegistryViews,
      useFactory: (ds: DataSource, store: ArtifactStore) =>
        new ModelRegistryViews(new ModelRegistryRepository(ds), store),
      inject: [DataSource, ARTIFACT_STORE],
    },
    { provide: Clock, useClass: SystemClock },
    {
      provide: OutcomeAuditor,
      useFactory: (ds: DataSource, store: ArtifactStore) =>
        new OutcomeAuditor(new ModelRegistryRepository(ds), new ModelOutcomeSourceRepository(ds), store),
      inject: [DataSource, ARTIFACT_STORE],
    },
  ],
})
export class ModelsModule {}
