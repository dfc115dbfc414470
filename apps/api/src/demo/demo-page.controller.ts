import { Controller, Get, Header, Query } from '@nestjs/common';
import { renderDemoPage } from './demo-page';

const firstString = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** `GET /demo/feedback?key=&interaction=`: the widget on a page served from the api's own origin. */
@Controller('demo')
export class DemoPageController {
  @Get('feedback')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  page(@Query('key') key: unknown, @Query('interaction') interaction: unknown): string {
    return renderDemoPage({ key: firstString(key), interactionId: firstString(interaction) ?? 'demo-interaction-1' });
  }
}
