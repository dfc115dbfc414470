import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { NotFoundError } from '@hindsight/contracts';
import { DOCS_ASSETS, DOCS_CONTENT_SECURITY_POLICY, DOCS_PAGE, docsAsset } from './docs-page';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';

/** The API's own documentation: the OpenAPI 3.1 document, generated once from the operations and zod schemas, and Swagger UI over it. */
@Controller('docs')
export class DocsController {
  private readonly document: OpenApiDocument = buildOpenApiDocument();

  @Get('openapi.json')
  @Header('cache-control', 'no-cache')
  openApi(): OpenApiDocument {
    return this.document;
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
  @Header('cache-control', 'no-cache')
  docs(): string {
    return DOCS_PAGE;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const body = docsAsset(file);
    if (body === undefined) throw new NotFoundError('docs asset', file);
    reply
      .header('content-type', DOCS_ASSETS[file])
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff');
    return body;
  }
}
