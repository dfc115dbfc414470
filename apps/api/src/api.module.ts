import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules, type ServiceContext } from '@hindsight/runtime';
import { AuthModule } from './auth/auth.module';
import { SessionModule } from './auth/session.module';
import { DatasetsModule } from './datasets/datasets.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { DemoModule } from './demo/demo.module';
import { QueuesModule } from './queues/queues.module';
import { DocsModule } from './docs/docs.module';
import { PoliciesModule } from './policies/policies.module';
import { RoutingModule } from './routing/routing.module';
import { QualityModule } from './quality/quality.module';
import { ModelsModule } from './models/models.module';
import { RunsModule } from './runs/runs.module';
import { RedactionModule } from './redaction/redaction.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { FamiliesModule } from './families/families.module';
import { ReadsModule } from './reads/reads.module';
import { TailModule } from './tail/tail.module';
import { apiKafkaReadiness, ApiPublisherModule, createApiPublisher } from './ingestion/api-publisher';

/** HTTP ingestion and read API. */
@Module({})
export class ApiModule {
  static forContext(context: ServiceContext): DynamicModule {
    const publisher = createApiPublisher(context.config, context.logger, context.metrics.observeSend);
    return {
      module: ApiModule,
      imports: [
        ...foundationModules('api', context, [], {
          kafka: apiKafkaReadiness(publisher, context.config),
          postgresOptional: true,
        }),
        ApiPublisherModule.of(publisher),
        AuthModule,
        SessionModule,
        IngestionModule,
        DatasetsModule,
        DemoModule.serving(context.config.web.distDir),
        QueuesModule,
        DocsModule,
        PoliciesModule,
        RoutingModule,
        QualityModule,
        ModelsModule,
        RunsModule,
        RedactionModule,
        WebhooksModule,
        FamiliesModule,
        ReadsModule,
        TailModule,
      ],
    };
  }
}
