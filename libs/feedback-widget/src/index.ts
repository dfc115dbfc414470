// Node side of the widget: the compiler the api serves the browser script with,
// and the browser API's types (for pages written in TypeScript).
export * from './bundle/compile-widget';
export type { FeedbackKind, Labels, MountedWidget, MountOptions, SentFeedback } from './browser/types';
