import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { openKeyRing } from '@hindsight/shredding';
import { ApiKeys } from '@hindsight/access';
import type { ServiceContext, ServiceDefinition } from '@hindsight/runtime';
import { ApiModule } from './api.module';
import { registerCorsPolicy } from './auth/cors-policy';
import { clientErrorResponse, describeFrameworkError, MAX_PATH_PARAMETER_CHARS } from './http/framework-errors';
import { HindsightExceptionFilter } from './http/hindsight-exception.filter';
import { registerJsonOnlyPolicy } from './http/json-only-policy';
import { registerNestingLimit } from './http/nesting-limit';
import { registerRequestEncoding } from './http/request-encoding';
import { registerQueryPolicy } from './http/query-policy';
import { operations } from './docs/operations';
import { registerWebPages } from './web/web-pages';
import { ApiKeyLogFollower } from './auth/api-key-log-follower';

/** Whether the api verifies keys from the configuration topic yet (read to its end since start): tests wait for it. */
export function apiKeysReadFromLog(app: NestFastifyApplication): boolean {
  return app.get(ApiKeyLogFollower, { strict: false }).log.caughtUp;
}

/** The api as a service definition: main.ts starts it, integration tests start it in-process. */
export const apiService: ServiceDefinition = {
  service: 'api',
  rootModule: (context) => ApiModule.forContext(context),
  verify: async ({ config, dataSource }) => {
    await openKeyRing(config.keyEncryption, dataSource);
  },
  fastify: (config) => ({
    bodyLimit: config.api.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_CHARS },
    clientErrorHandler: (error, socket) => {
      // A reset connection has nobody left to answer.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(error));
      socket.destroy(error);
    },
    frameworkErrors: (error, _request, reply) => {
      const [status, body] = describeFrameworkError(error);
      // The option is generic over route schemas this handler has none of.
      void (reply as unknown as FastifyReply).status(status).send(body);
    },
  }),
  configure: (app: NestFastifyApplication, context: ServiceContext) => {
    app.useGlobalFilters(new HindsightExceptionFilter(context.logger));
    const fastify = app.getHttpAdapter().getInstance();
    registerCorsPolicy(fastify, app.get(ApiKeys));
    registerJsonOnlyPolicy(fastify);
    registerRequestEncoding(fastify, context.config.api.bodyLimitBytes);
    registerNestingLimit(fastify);
    registerQueryPolicy(fastify, operations);
    registerWebPages(fastify, context.config.web.distDir);
  },
};
