import { type DynamicModule, Module } from '@nestjs/common';
import { readWidgetBundle } from '@hindsight/feedback-widget';
import { DemoPageController } from './demo-page.controller';
import { WIDGET_BUNDLE, type WidgetSource } from './widget-bundle.token';
import { WidgetScriptController } from './widget-script.controller';

/** The feedback widget's script (bundled by `npm run build` into the web build) and a demo page that mounts it. */
@Module({})
export class DemoModule {
  /** `distDir`: the web build (WEB_DIST_DIR) whose manifest names the widget's script. */
  static serving(distDir: string): DynamicModule {
    let found: ReturnType<typeof readWidgetBundle>;
    // Read once found (the ETag stays stable); looked for again while missing, so a build made after the start is served.
    const source: WidgetSource = { distDir, current: () => (found ??= readWidgetBundle(distDir)) };
    return {
      module: DemoModule,
      controllers: [WidgetScriptController, DemoPageController],
      providers: [{ provide: WIDGET_BUNDLE, useValue: source }],
    };
  }
}
