import { Module } from '@nestjs/common';
import { DocsController } from './docs.controller';

/** `GET /docs/openapi.json` (OpenAPI 3.0) and `GET /docs` (the same, as a self-contained HTML page). */
@Module({ controllers: [DocsController] })
export class DocsModule {}
