import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';

/** `GET /docs/openapi.json` (OpenAPI 3.1, generated from the zod schemas) and `GET /docs` (Swagger UI over it, from local files). */
@Module({ controllers: [DocsController] })
export class DocsModule {}
