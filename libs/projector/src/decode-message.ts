import {
  anyStoredEventSchema,
  formatZodIssues,
  HindsightError,
  mayHoldUnstorableStrings,
  parseEvent,
  TEXT_SHOWS_NO_UNSTORABLE,
  type HindsightEvent,
} from '@hindsight/contracts';
import type { RawMessage } from '@hindsight/kafka';
import type { OpenedValue } from '@hindsight/shredding';
import type { ConsumedMessage } from '@hindsight/store';

export type ParsedJson =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** `mayHoldUnstorableStrings` of the message's text, told here so the text is not kept until validation. */
      readonly mayHoldUnstorable: boolean;
    }
  | { readonly ok: false; readonly reason: string };

/** The message's value decoded from UTF-8 once, then parsed and screened for unstorable strings. */
export function parseJsonValue(message: RawMessage): ParsedJson {
  if (message.value === null)
    return { ok: false, reason: '(value): required (an empty message, a tombstone, on an event topic)' };
  const text = message.value.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text), mayHoldUnstorable: mayHoldUnstorableStrings(text) };
  } catch {
    return { ok: false, reason: '(value): must be valid JSON' };
  }
}

/**
 * Turns a raw Kafka message, parsed and with its sealed data opened, into an
 * event (validated and upcast to the latest version), a tombstone (the subject
 * was erased: the key is gone), or a dead letter carrying the reason and the
 * original bytes. Only validation failures become dead letters; anything else is thrown.
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
    return eventAt(message, envelope.data as unknown as HindsightEvent);
  }
  // The strings of the event come from the message's text and, if its data was sealed, from the opened text.
  const mayHoldUnstorable = parsed.mayHoldUnstorable || opened?.dataMayHoldUnstorable === true;
  try {
    return eventAt(
      message,
      parseEvent(opened?.value ?? parsed.value, mayHoldUnstorable ? undefined : TEXT_SHOWS_NO_UNSTORABLE),
    );
  } catch (error) {
    if (!(error instanceof HindsightError) || error.code !== 'validation') throw error;
    return deadLetterOf(
      message,
      error.issues.length > 0 ? error.issues.map((i) => `${i.path || '(value)'}: ${i.rule}`).join('; ') : error.message,
    );
  }
}

// One object per message, made directly: this runs for every event the projector reads.
const eventAt = (message: RawMessage, event: HindsightEvent): ConsumedMessage => ({
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  event,
});

const deadLetterOf = (message: RawMessage, reason: string): ConsumedMessage => ({
  topic: message.topic,
  partition: message.partition,
  offset: message.offset,
  deadLetter: { reason, key: message.key, value: message.value, headers: message.headers },
});
