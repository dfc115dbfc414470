import { randomBytes } from 'node:crypto';
import {
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { formatUuidV7, recordMessage } from '@hindsight/contracts';
import { createEventPublisher, createKafka } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { loadLocalKeyRing, type KeyEncryptionKeyRing } from '@hindsight/shredding';
import { DataSource, WebhookRepository } from '@hindsight/store';
import { loadWebhookSettings, WebhookDispatcher, type WebhookSettings } from '@hindsight/webhooks';
import { webhookAnnouncementPorts } from './webhook-ports';

export interface WebhookDispatchOptions {
  /** Defaults to the WEBHOOK_* variables. */
  readonly settings?: WebhookSettings;
}

/** Starts the dispatcher with the application and stops it (and its producer) on shutdown. */
class WebhookDispatchLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(WebhookDispatcher) private readonly dispatcher: WebhookDispatcher) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dispatcher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}

/** Outbound webhooks (libs/webhooks): consumes the kinds' topics, posts signed deliveries, records every attempt. */
@Module({})
export class WebhookDispatchModule {
  static register(options: WebhookDispatchOptions = {}): DynamicModule {
    // Validated at start-up, like every variable: a bad WEBHOOK_* stops the scheduler with its name.
    const settings = options.settings ?? loadWebhookSettings();
    return {
      module: WebhookDispatchModule,
      providers: [
        {
          provide: WebhookDispatcher,
          useFactory: (ds: DataSource, config: PlatformConfig, logger: Logger) => {
            const publisher = createEventPublisher(config.kafka, 'webhooks', logger);
            // Loaded on the first signing: a scheduler whose tenants have no webhooks needs no key-encryption key.
            let ring: KeyEncryptionKeyRing | undefined;
            const dispatcher = new WebhookDispatcher({
              kafka: createKafka(
                { brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-webhooks` },
                logger,
              ),
              topicPrefix: config.kafka.topicPrefix,
              repository: new WebhookRepository(ds),
              ports: webhookAnnouncementPorts(ds),
              ring: () => (ring ??= loadLocalKeyRing(config.keyEncryption)),
              settings,
              publish: (event) => publisher.publish([recordMessage(event, config.kafka.topicPrefix)]),
              now: () => new Date(),
              random: Math.random,
              newEventId: () => formatUuidV7(Date.now(), randomBytes(10)),
              logger,
            });
            const stop = dispatcher.stop.bind(dispatcher);
            dispatcher.stop = async () => {
              await stop();
              await publisher.close();
            };
            return dispatcher;
          },
          inject: [DataSource, PLATFORM_CONFIG, LOGGER],
        },
        WebhookDispatchLifecycle,
      ],
    };
  }
}
