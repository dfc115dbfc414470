/** The six kinds of `feedback.recorded`; the widget sends three of them. */
export type FeedbackKind = 'thumbs-up' | 'thumbs-down' | 'correction' | 'regenerate' | 'copy' | 'free-text';

/** The body of `POST /v1/feedback`: the event's data plus the envelope fields the route takes. */
export interface FeedbackBody {
  readonly interactionId: string;
  readonly kind: FeedbackKind;
  readonly comment?: string;
  readonly correctedResponse?: string;
  readonly userId?: string;
  readonly metadata?: Readonly<Record<string, string | number | boolean | null>>;
  readonly occurredAt: string;
  readonly idempotencyKey: string;
}

/** One click, as it waits in the outbox: where it goes, with which key, and what it says. */
export interface QueuedFeedback {
  /** `{endpoint}/v1/feedback`. */
  readonly url: string;
  /** The browser key (scope `feedback`); it is public by design, so storing it is no leak. */
  readonly key: string;
  readonly body: FeedbackBody;
}

/** What became of one delivery attempt. */
export type DeliveryOutcome =
  | { readonly kind: 'accepted'; readonly eventId: string | undefined }
  | { readonly kind: 'rejected'; readonly status: number; readonly issues: readonly string[] }
  | { readonly kind: 'retry'; readonly retryAfterSeconds: number | undefined };

export interface Labels {
  readonly group: string;
  readonly up: string;
  readonly down: string;
  readonly comment: string;
  readonly correction: string;
  readonly submit: string;
  readonly sent: string;
  readonly queued: string;
  readonly rejected: string;
}

/** What `onRejected` learns when the api refused one of this widget's clicks for good (a 4xx): status and `path: rule` issues. */
export interface RejectedFeedback {
  readonly kind: FeedbackKind;
  readonly idempotencyKey: string;
  readonly status: number;
  readonly issues: readonly string[];
}

/** What `onSent` learns when the server accepted one of this widget's clicks. */
export interface SentFeedback {
  readonly kind: FeedbackKind;
  readonly idempotencyKey: string;
  readonly eventId: string | undefined;
}

export interface MountOptions {
  /** Origin (and optional path prefix) of the Hindsight api, e.g. `https://feedback.example.com`. */
  readonly endpoint: string;
  /** A browser key: scope `feedback` only, with this page's origin in its allowed origins. */
  readonly key: string;
  readonly interactionId: string;
  readonly userId?: string;
  readonly metadata?: Readonly<Record<string, string | number | boolean | null>>;
  readonly labels?: Partial<Labels>;
  readonly onSent?: (sent: SentFeedback) => void;
  /** Called when the api refuses a click for good (wrong key, origin not allowed, a field it rejects); also logged with console.warn. */
  readonly onRejected?: (rejected: RejectedFeedback) => void;
}

export interface MountedWidget {
  /** Removes the widget's elements; queued feedback stays queued and is still sent. */
  destroy(): void;
}
