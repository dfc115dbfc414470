import { Controller, Get, Header } from '@nestjs/common';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';
import { renderDocsPage } from './render-docs-page';

/** The API's own documentation: built once, from the declared operations and the contracts' schemas. */
@Controller('docs')
export class DocsController {
  private readonly document: OpenApiDocument = buildOpenApiDocument();
  private readonly page: string = renderDocsPage(this.document);

  @Get('openapi.json')
  @Header('cache-control', 'no-cache')
  openApi(): OpenApiDocument {
    return this.document;
  }

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  @Header('cache-control', 'no-cache')
  docs(): string {
    return this.page;
  }
}
