import { isUtf8 } from 'node:buffer';
import {
  anyStoredEventSchema,
  formatZodIssues,
  HindsightError,
  mayHoldUnstorableStrings,
  parseEvent,
  parseReturnsItsInput,
  storesAsParsed,
  TEXT_SHOWS_NO_UNSTORABLE,
  withoutRedactedOriginals,
  type HindsightEvent,
} from '@hindsight/contracts';
import type { RawMessage } from '@hindsight/kafka';
import { isSealedData, type OpenedValue } from '@hindsight/shredding';
import { JsonText, type ConsumedMessage } from '@hindsight/store';

export type ParsedJson =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** `mayHoldUnstorableStrings` of the message's text, told here so the text is not kept until validation. */
      readonly mayHoldUnstorable: boolean;
      /**
       * The message's value may become the event's payload as it is: not sealed, valid UTF-8, and its text
       * `storesAsParsed`; told here for the same reason. Whether it does depends on the event too (see `decodeMessage`).
       */
      readonly ownText: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** The message's value decoded from UTF-8 once, then parsed and screened for unstorable strings. */
export function parseJsonValue(message: RawMessage): ParsedJson {
  if (message.value === null)
    return { ok: false, reason: '(value): required (an empty message, a tombstone, on an event topic)' };
  const text = message.value.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: '(value): must be valid JSON' };
  }
  return {
    ok: true,
    value,
    mayHoldUnstorable: mayHoldUnstorableStrings(text),
    ownText: ownTextOf(message.value, text, value),
  };
}

/**
 * Sealed data is not written from its opened bytes: screening them and finding the sealed data in the message
 * text cost more than serialising the event (a harness of this path, alternated: 27.4–27.9 µs CPU an event
 * before, 29.4–30.3 with it; bench/replay/profiles/README.md, Round 7).
 */
function ownTextOf(bytes: Buffer, text: string, value: unknown): boolean {
  if (isSealedData((value as { data?: unknown } | null)?.data)) return false;
  // Bytes that are not UTF-8 were decoded with U+FFFD in their place: they are not the text that was parsed.
  return storesAsParsed(text) && isUtf8(bytes);
}

/**
 * Turns a raw Kafka message, parsed and with its sealed data opened, into an
 * event (validated and upcast to the latest version), a tombstone (the subject
 * was erased: the key is gone), or a dead letter carrying the reason and the
 * original bytes. Only validation failures become dead letters; anything else is thrown.
 * An event whose own JSON text provably stores as the event would carries that text as its payload.
 */
export function decodeMessage(
  message: RawMessage,
  parsed: ParsedJson,
  opened: OpenedValue | undefined,
): ConsumedMessage {
  if (!parsed.ok) return deadLetterOf(message, parsed.reason);
  if (opened?.kind === 'unreadable') return deadLetterOf(message, opened.reason);
  if (opened?.kind === 'erased') {
    const envelope = anyStoredEventSchema.safeParse(opened.value);
    if (!envelope.success)
      return deadLetterOf(
        message,
        formatZodIssues(envelope.error.issues)
          .map((i) => `${i.path}: ${i.rule}`)
          .join('; '),
      );
    return eventAt(message, envelope.data as unknown as HindsightEvent, undefined);
  }
  // The strings of the event come from the message's text and, if its data was sealed, from the opened text.
  const mayHoldUnstorable = parsed.mayHoldUnstorable || opened?.dataMayHoldUnstorable === true;
  const input = opened?.value ?? parsed.value;
  let event: HindsightEvent;
  try {
    event = parseEvent(input, mayHoldUnstorable ? undefined : TEXT_SHOWS_NO_UNSTORABLE);
  } catch (error) {
    if (!(error instanceof HindsightError) || error.code !== 'validation') throw error;
    return deadLetterOf(
      message,
      error.issues.length > 0 ? error.issues.map((i) => `${i.path || '(value)'}: ${i.rule}`).join('; ') : error.message,
    );
  }
  return eventAt(message, event, ownPayload(message, parsed, input, event));
}

/**
 * The message's own JSON text as the `events` row's payload, when it stores as the same jsonb as
 * `withoutRedactedOriginals(event)` serialised (what the store writes otherwise): `parseEvent` returned its
 * input unchanged (the latest version, a schema that rewrites nothing), the event holds no redacted original,
 * and the text's numbers and keys store as their parse (`storesAsParsed`). The bytes are the message's, held
 * until the batch commits anyway. `decode-message.int.spec.ts` compares both paths in PostgreSQL.
 */
function ownPayload(
  message: RawMessage,
  parsed: Extract<ParsedJson, { ok: true }>,
  input: unknown,
  event: HindsightEvent,
): JsonText | undefined {
  if (!parsed.ownText || message.value === null) return undefined;
  if (!parseReturnsItsInput(event.type, (input as { version?: unknown }).version)) return undefined;
  if (withoutRedactedOriginals(event) !== event) return undefined;
  return new JsonText(message.value);
}

// One object per message, made directly: this runs for every event the projector reads.
const eventAt = (message: RawMessage, event: HindsightEvent, payload: JsonText | undefined): ConsumedMessage => ({
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  event,
  payload,
});

const deadLetterOf = (message: RawMessage, reason: string): ConsumedMessage => ({
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  deadLetter: { reason, key: message.key, value: message.value, headers: message.headers },
});
