import type { EventEnvelope } from '../envelope/envelope';

/**
 * Kafka headers on every event message. The envelope in the value is
 * authoritative; the headers let consumers route, filter and skip without
 * parsing the value.
 */
export const EVENT_HEADERS = {
  type: 'hindsight-type',
  version: 'hindsight-version',
  contentType: 'content-type',
  tenant: 'hindsight-tenant',
} as const;

export const HEADER_TYPE = EVENT_HEADERS.type;
export const HEADER_VERSION = EVENT_HEADERS.version;
export const HEADER_CONTENT_TYPE = EVENT_HEADERS.contentType;
export const HEADER_TENANT = EVENT_HEADERS.tenant;

/** The value is the event envelope as UTF-8 JSON. */
export const EVENT_CONTENT_TYPE = 'application/json';

/** The headers to publish with `event`. */
export function eventHeaders(event: Pick<EventEnvelope, 'type' | 'version' | 'tenant'>): Record<string, string> {
  return {
    [HEADER_TYPE]: event.type,
    [HEADER_VERSION]: String(event.version),
    [HEADER_CONTENT_TYPE]: EVENT_CONTENT_TYPE,
    [HEADER_TENANT]: event.tenant,
  };
}

/**
 * Reads type and version from message headers (values as kafkajs delivers them:
 * string, Buffer, array or undefined). Returns undefined when either is missing or malformed.
 */
export function readEventHeaders(
  headers: Readonly<Record<string, unknown>> | undefined,
): { readonly type: string; readonly version: number } | undefined {
  if (!headers) return undefined;
  const text = (value: unknown): string | undefined => {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
    if (first instanceof Uint8Array) return new TextDecoder().decode(first);
    return undefined;
  };
  const type = text(headers[HEADER_TYPE]);
  const versionText = text(headers[HEADER_VERSION]);
  if (!type || !versionText || !/^[1-9]\d*$/.test(versionText)) return undefined;
  return { type, version: Number(versionText) };
}
