import { Module } from '@nestjs/common';
import { compileWidget } from '@hindsight/feedback-widget';
import { DemoPageController } from './demo-page.controller';
import { WIDGET_BUNDLE } from './widget-bundle.token';
import { WidgetScriptController } from './widget-script.controller';

/** The feedback widget's script (compiled once, at start-up) and a demo page that mounts it. */
@Module({
  controllers: [WidgetScriptController, DemoPageController],
  providers: [{ provide: WIDGET_BUNDLE, useFactory: () => compileWidget() }],
})
export class DemoModule {}
