import type { EventPublisher } from '@hindsight/kafka';
import type { EventSealer } from '@hindsight/shredding';
import type { IdempotencyRepository } from '@hindsight/store';
import type { AssignmentSubmissions } from '../queues/assignment-submissions';

/*
 * The ports of the ingestion use case (IngestionService): what it calls, and
 * nothing else. Each is a slice of a real implementation (the injection token
 * stays that class, so production wiring is unchanged) and has an in-memory fake
 * in testing/; the publisher and the idempotency store fakes are checked by the
 * same contract spec (testing/*.contract.ts) as their real implementation.
 */

/** Sends messages to Kafka; resolves once the broker acknowledged them all, rejects with UnavailableError otherwise. */
export type IngestionPublisher = Pick<EventPublisher, 'publish'>;

/** Claims idempotency keys per tenant; a claim is completed with its answers or released (IdempotencyRepository). */
export type IdempotencyStore = Pick<IdempotencyRepository, 'claim'>;

/** Encrypts each event's personal content with its subject's key; an erased subject's event comes back refused. */
export type IngestionSealer = Pick<EventSealer, 'seal'>;

/** Checks comparisons submitted for queue assignments, and completes those assignments once published. */
export type IngestionAssignments = Pick<AssignmentSubmissions, 'verify' | 'complete'>;
