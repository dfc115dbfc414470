// Node side of the widget: where its browser sources are and how the api reads
// the bundle `npm run build` made of them, and the browser API's types (for pages written in TypeScript).
export * from './bundle/widget-bundle';
export type { FeedbackKind, Labels, MountedWidget, MountOptions, SentFeedback } from './browser/types';
