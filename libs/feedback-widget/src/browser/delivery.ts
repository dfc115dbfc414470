import type { DeliveryOutcome, QueuedFeedback } from './types';

export type FetchLike = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'headers' | 'json'>>;

/** Chromium and Firefox refuse keepalive bodies above 64 KiB; long corrections go without it. */
const KEEPALIVE_LIMIT = 60000;

/**
 * One attempt to deliver one queued click with fetch. 2xx and permanent 4xx
 * (anything but 408 and 429) are final; 408, 429, 5xx and network errors are
 * retried later with the same idempotency key, so the server answers a resend
 * of an event it already has with the original answer instead of a second event.
 */
export async function deliver(item: QueuedFeedback, fetchFn: FetchLike): Promise<DeliveryOutcome> {
  const body = JSON.stringify(item.body);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchFn(item.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': item.key },
      body,
      keepalive: body.length < KEEPALIVE_LIMIT,
    });
  } catch {
    return { kind: 'retry', retryAfterSeconds: undefined };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    const answer = (await response.json().catch(() => undefined)) as { id?: unknown } | undefined;
    return { kind: 'accepted', eventId: typeof answer?.id === 'string' ? answer.id : undefined };
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    const answer = (await response.json().catch(() => undefined)) as
      { issues?: { path?: unknown; rule?: unknown }[] } | undefined;
    const issues = Array.isArray(answer?.issues)
      ? answer.issues.map((i) => `${String(i.path ?? '')}: ${String(i.rule ?? '')}`)
      : [];
    return { kind: 'rejected', status, issues };
  }
  const retryAfter = Number(response.headers.get('retry-after'));
  return { kind: 'retry', retryAfterSeconds: retryAfter > 0 ? retryAfter : undefined };
}

/**
 * The last chance as the page goes away. A beacon cannot carry headers, so the
 * browser key travels as `?key=` (the api takes it there only for feedback-only
 * keys on /v1/feedback) and the JSON as text/plain, which needs no preflight.
 * The answer is never seen, so the click stays queued; the next page load resends
 * it and the idempotency key turns that resend into a replay.
 */
export function beacon(item: QueuedFeedback, send: (url: string, data: string) => boolean): boolean {
  return send(`${item.url}?key=${encodeURIComponent(item.key)}`, JSON.stringify(item.body));
}
