import { newIdempotencyKey } from './ids';
import { Outbox, type KeyValueStore } from './outbox';
import { Sender } from './sender';
import type { FeedbackBody, FeedbackKind, MountedWidget, MountOptions, SentFeedback } from './types';
import { defaultLabels, renderWidget } from './view';

let shared: Sender | undefined;

function localStore(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    // Reading localStorage throws where storage is blocked; the outbox then keeps the queue in memory.
    return undefined;
  }
}

/** One sender per page, whatever the number of widgets, so no click is ever in flight twice. */
function pageSender(): Sender {
  if (shared) return shared;
  const sender = new Sender({
    outbox: new Outbox(localStore()),
    fetch: (url, init) => fetch(url, init),
    isOnline: () => navigator.onLine !== false,
    sendBeacon: (url, data) => typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(url, data),
    setTimer: (run, ms) => setTimeout(run, ms),
  });
  const lastChance = () => {
    if (navigator.onLine !== false) sender.beaconAll();
  };
  addEventListener('online', () => void sender.flush());
  addEventListener('pagehide', lastChance);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') lastChance();
  });
  return (shared = sender);
}

function required(options: MountOptions, field: 'endpoint' | 'key' | 'interactionId'): string {
  const value = options[field];
  if (typeof value !== 'string' || value === '')
    throw new TypeError(`Hindsight.mount: options.${field} is required (a non-empty string)`);
  return value;
}

/** Renders the feedback buttons into `element` and sends what the user says about `interactionId`. */
export function mount(element: Element, options: MountOptions): MountedWidget {
  if (!element || typeof element.append !== 'function')
    throw new TypeError('Hindsight.mount: element must be a DOM element');
  const url = `${required(options, 'endpoint').replace(/\/+$/, '')}/v1/feedback`;
  const key = required(options, 'key');
  const interactionId = required(options, 'interactionId');
  const labels = { ...defaultLabels, ...options.labels };
  const sender = pageSender();
  const mine: { [idempotencyKey: string]: FeedbackKind } = {};

  const record = (kind: FeedbackKind, extra: { comment?: string; correctedResponse?: string }) => {
    const body: FeedbackBody = {
      interactionId,
      kind,
      ...extra,
      userId: options.userId,
      metadata: options.metadata,
      occurredAt: new Date().toISOString(),
      idempotencyKey: newIdempotencyKey(),
    };
    mine[body.idempotencyKey] = kind;
    if (navigator.onLine === false) view.status(labels.queued);
    void sender.queue({ url, key, body });
  };

  const view = renderWidget(element, labels, {
    up: () => record('thumbs-up', {}),
    submit: (comment, correction) =>
      record(correction ? 'correction' : 'thumbs-down', {
        comment: comment || undefined,
        correctedResponse: correction || undefined,
      }),
  });

  const stopListening = sender.listen((item, outcome) => {
    const kind = mine[item.body.idempotencyKey];
    if (kind === undefined) return;
    if (outcome.kind === 'retry') return view.status(labels.queued);
    delete mine[item.body.idempotencyKey];
    if (outcome.kind === 'rejected') {
      // Final: the click leaves the outbox, so this is the site owner's one chance to learn why.
      console.warn(
        `Hindsight feedback: the api refused a click (${outcome.status}): ${outcome.issues.join('; ') || 'no reason given'}`,
      );
      options.onRejected?.({
        kind,
        idempotencyKey: item.body.idempotencyKey,
        status: outcome.status,
        issues: outcome.issues,
      });
      return view.status(labels.rejected);
    }
    view.status(labels.sent);
    const sent: SentFeedback = { kind, idempotencyKey: item.body.idempotencyKey, eventId: outcome.eventId };
    options.onSent?.(sent);
  });

  // Clicks queued by an earlier page (offline, closed tab) go out now.
  void sender.flush();
  return {
    destroy: () => {
      stopListening();
      view.remove();
    },
  };
}

declare global {
  interface Window {
    Hindsight: { mount: typeof mount; version: string };
  }
}

window.Hindsight = { mount, version: '0.1.0' };
