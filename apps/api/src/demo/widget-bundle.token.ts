import type { WidgetBundle } from '@hindsight/feedback-widget';

/** Injection token of the widget's script source (a `WidgetSource`): the bundle `npm run build` wrote into the web build. */
export const WIDGET_BUNDLE = Symbol('WIDGET_BUNDLE');

export interface WidgetSource {
  readonly distDir: string;
  /** The bundle, or undefined while the web build has none. */
  current(): WidgetBundle | undefined;
}
