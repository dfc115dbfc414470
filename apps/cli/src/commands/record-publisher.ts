import { loadPlatformConfig } from '@hindsight/config';
import { recordMessage, type ConfigurationEvent } from '@hindsight/contracts';
import { createEventPublisher } from '@hindsight/kafka';

/** Publishes one configuration event; resolves once Kafka acknowledged it (acks=all). */
export type PublishRecord = (event: ConfigurationEvent) => Promise<void>;

/**
 * Runs `work` with a Kafka publisher for the records an operator creates at the
 * command line (policies, API keys, run budgets). The producer connects on the
 * first publish, so commands that end up publishing nothing never reach Kafka.
 */
export async function withRecordPublisher<T>(work: (publish: PublishRecord) => Promise<T>): Promise<T> {
  const config = loadPlatformConfig();
  const publisher = createEventPublisher(config.kafka, 'cli');
  try {
    return await work((event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]));
  } finally {
    // A failure to close must not hide the work's own outcome.
    await publisher
      .close()
      .catch((error: unknown) =>
        process.stderr.write(
          `hindsight: closing the Kafka producer failed: ${error instanceof Error ? error.message : String(error)}\n`,
        ),
      );
  }
}
