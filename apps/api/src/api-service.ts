import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeys } from '@hindsight/access';
import type { ServiceContext, ServiceDefinition } from '@hindsight/runtime';
import { ApiModule } from './api.module';
import { registerCorsPolicy } from './auth/cors-policy';
import { HindsightExceptionFilter } from './http/hindsight-exception.filter';
import { registerJsonOnlyPolicy } from './http/json-only-policy';

/** The api as a service definition: main.ts starts it, integration tests start it in-process. */
export const apiService: ServiceDefinition = {
  service: 'api',
  rootModule: (context) => ApiModule.forContext(context),
  fastify: { bodyLimit: 10 * 1024 * 1024 },
  configure: (app: NestFastifyApplication, context: ServiceContext) => {
    app.useGlobalFilters(new HindsightExceptionFilter(context.logger));
    const fastify = app.getHttpAdapter().getInstance();
    registerCorsPolicy(fastify, app.get(ApiKeys));
    registerJsonOnlyPolicy(fastify);
  },
};
