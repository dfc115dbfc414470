/** One line of `GET /v1/events/tail`: an event envelope, the error that ended the tail, or a heartbeat. */
export type TailLine =
  | { readonly kind: 'event'; readonly event: TailEvent }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'heartbeat' };

export interface TailEvent {
  readonly id: string;
  readonly type: string;
  readonly tenant: string;
  readonly recordedAt: string;
  readonly subject?: { readonly kind: string; readonly id: string };
  readonly data: unknown;
}

/**
 * Reads one line of the tail's NDJSON.
 * @example parseTailLine('') // { kind: 'heartbeat' }
 * @throws Error naming the line when it is neither JSON nor one of the three shapes.
 */
export function parseTailLine(line: string): TailLine {
  if (line.trim() === '') return { kind: 'heartbeat' };
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`parseTailLine: the api sent a line that is not JSON: ${line.slice(0, 200)}`);
  }
  if (typeof value.error === 'string')
    return { kind: 'error', code: value.error, message: String(value.message ?? '') };
  if (typeof value.type === 'string' && typeof value.id === 'string')
    return { kind: 'event', event: value as unknown as TailEvent };
  throw new Error(`parseTailLine: the api sent a line that is neither an event nor an error: ${line.slice(0, 200)}`);
}

/**
 * The human line of an event: when it was recorded, its type, its subject and its data, cut to `width`.
 * @example humanTailLine({ id: '1', type: 'rating.recorded', tenant: 't', recordedAt: '2026-01-01T00:00:00.000Z', subject: { kind: 'task', id: 'x' }, data: { score: 4 } })
 * // '2026-01-01T00:00:00.000Z  rating.recorded             task:x  {"score":4}'
 */
export function humanTailLine(event: TailEvent, width = 200): string {
  const subject = event.subject ? `${event.subject.kind}:${event.subject.id}` : '-';
  const data = JSON.stringify(event.data);
  const line = `${event.recordedAt}  ${event.type.padEnd(26)}  ${subject}  ${data}`;
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
