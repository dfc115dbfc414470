/**
 * A dead-letter message is the original message's key and value, unchanged,
 * published to the dead-letter topic with these headers added (the original
 * headers are kept). The original stays in its own topic for ever; the
 * dead-letter topic says which offset a consumer could not apply and why.
 */
export const DEAD_LETTER_HEADERS = {
  reason: 'hindsight-dlq-reason',
  sourceTopic: 'hindsight-dlq-source-topic',
  sourcePartition: 'hindsight-dlq-source-partition',
  sourceOffset: 'hindsight-dlq-source-offset',
  consumerGroup: 'hindsight-dlq-consumer-group',
  failedAt: 'hindsight-dlq-failed-at',
} as const;

export interface DeadLetterInfo {
  /** Why the message could not be applied, e.g. `data.prompt: required` or an error code. */
  readonly reason: string;
  readonly sourceTopic: string;
  readonly sourcePartition: number;
  /** Kafka offsets are 64-bit: keep them as strings. */
  readonly sourceOffset: string;
  readonly consumerGroup: string;
  /** ISO-8601 UTC, passed in by the caller. */
  readonly failedAt: string;
}

/** The longest reason kept in a header; longer reasons are cut with an ellipsis. */
export const MAX_DEAD_LETTER_REASON_CHARS = 2_000;

/** The headers to add when dead-lettering a message (pure; the time comes in `info.failedAt`). */
export function deadLetterHeaders(info: DeadLetterInfo): Record<string, string> {
  const reason =
    info.reason.length > MAX_DEAD_LETTER_REASON_CHARS
      ? `${info.reason.slice(0, MAX_DEAD_LETTER_REASON_CHARS - 1)}…`
      : info.reason;
  return {
    [DEAD_LETTER_HEADERS.reason]: reason,
    [DEAD_LETTER_HEADERS.sourceTopic]: info.sourceTopic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(info.sourcePartition),
    [DEAD_LETTER_HEADERS.sourceOffset]: info.sourceOffset,
    [DEAD_LETTER_HEADERS.consumerGroup]: info.consumerGroup,
    [DEAD_LETTER_HEADERS.failedAt]: info.failedAt,
  };
}
