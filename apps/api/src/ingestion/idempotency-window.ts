import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { IdempotencyRepository } from '@hindsight/store';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * Forgets idempotency records older than IDEMPOTENCY_WINDOW_HOURS, at start-up
 * and hourly, so the table stays the size of the window: completed records and
 * pending claims whose owner died (a live claim is seconds old). A key retried
 * after that is published again, and the projector still applies it once (it
 * de-duplicates on tenant and idempotency key for good).
 */
@Injectable()
export class IdempotencyWindow implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly records: IdempotencyRepository,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    void this.purge();
    this.timer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async purge(): Promise<void> {
    try {
      const purged = await this.records.purgeOlderThan(this.config.api.idempotencyWindowHours);
      if (purged > 0)
        this.logger.info(
          { purged, windowHours: this.config.api.idempotencyWindowHours },
          'idempotency records past the window forgotten',
        );
    } catch (error) {
      // The next hour tries again; a failed purge only leaves old records a little longer.
      this.logger.warn({ err: error }, 'idempotency purge failed');
    }
  }
}
