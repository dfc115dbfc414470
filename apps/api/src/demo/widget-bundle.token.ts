/** Injection token of the compiled widget script (a `WidgetBundle`), compiled once when the module starts. */
export const WIDGET_BUNDLE = Symbol('WIDGET_BUNDLE');
