import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { WidgetBundle } from '@hindsight/feedback-widget';
import { WIDGET_BUNDLE } from './widget-bundle.token';

/** The drop-in script: `<script src="https://<api>/widget/hindsight-feedback.js">`. */
@Controller('widget')
export class WidgetScriptController {
  constructor(@Inject(WIDGET_BUNDLE) private readonly bundle: WidgetBundle) {}

  @Get('hindsight-feedback.js')
  script(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    // Short max-age plus an ETag: a redeploy reaches pages within minutes, and revalidation costs a 304.
    void reply.header('etag', this.bundle.etag).header('cache-control', 'public, max-age=300').header('cross-origin-resource-policy', 'cross-origin');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === this.bundle.etag)) return reply.status(304).send();
    return reply.type('application/javascript; charset=utf-8').send(this.bundle.code);
  }
}
