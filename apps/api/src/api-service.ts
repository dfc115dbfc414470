import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import compress from '@fastify/compress';
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
import {
  registerRequestObservability,
  REQUEST_ID_HEADER,
  requestIdOf,
  withRequestId,
} from './http/request-observability';
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
    genReqId: requestIdOf,
    clientErrorHandler: (error, socket) => {
      // A reset connection has nobody left to answer.
      if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.write(clientErrorResponse(error));
      socket.destroy(error);
    },
    frameworkErrors: (error, request, reply) => {
      const [status, body] = describeFrameworkError(error);
      // The option is generic over route schemas this handler has none of.
      void (reply as unknown as FastifyReply)
        .status(status)
        .header(REQUEST_ID_HEADER, request.id)
        .send(withRequestId(body, request.id));
    },
  }),
  configure: async (app: NestFastifyApplication, context: ServiceContext) => {
    app.useGlobalFilters(new HindsightExceptionFilter(context.logger));
    const fastify = app.getHttpAdapter().getInstance();
    registerRequestObservability(fastify, context.logger, context.metrics);
    // Answers of 1 KiB and more, gzip or deflate as the client asks; request bodies stay with registerRequestEncoding.
    await app.register(compress, { encodings: ['gzip', 'deflate'], globalDecompression: false });
    registerCorsPolicy(fastify, app.get(ApiKeys));
    registerJsonOnlyPolicy(fastify);
    registerRequestEncoding(fastify, context.config.api.bodyLimitBytes);
    registerNestingLimit(fastify);
    registerQueryPolicy(fastify, operations);
    registerWebPages(fastify, context.config.web.distDir);
  },
};
