import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { WIDGET_BUNDLE, type WidgetSource } from './widget-bundle.token';

/** The drop-in script: `<script src="https://<api>/widget/hindsight-feedback.js">`. */
@Controller('widget')
export class WidgetScriptController {
  constructor(@Inject(WIDGET_BUNDLE) private readonly source: WidgetSource) {}

  @Get('hindsight-feedback.js')
  script(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    const bundle = this.source.current();
    if (!bundle) {
      return reply.status(503).send({
        error: 'unavailable',
        message: `the feedback widget was not built into ${this.source.distDir}: run npm run build`,
        issues: [{ path: 'WEB_DIST_DIR', rule: 'must hold a web build with the widget (npm run build)' }],
      });
    }
    // Short max-age plus an ETag: a redeploy reaches pages within minutes, and revalidation costs a 304.
    void reply
      .header('etag', bundle.etag)
      .header('cache-control', 'public, max-age=300')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === bundle.etag)) return reply.status(304).send();
    return reply.type('application/javascript; charset=utf-8').send(bundle.code);
  }
}
