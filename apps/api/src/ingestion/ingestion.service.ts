import { hash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Principal } from '@hindsight/access';
import {
  ConflictError,
  eventHeaders,
  eventRegistry,
  formatZodIssues,
  PersonalDataRefusedError,
  formatUuidV7,
  HindsightError,
  partitionKey,
  sealEvent,
  serialisedInput,
  topicName,
  topicOf,
  UnavailableError,
  uuidV7Millis,
  validateEventInput,
  ValidationError,
  type EventType,
  type FieldIssue,
  type HindsightEvent,
} from '@hindsight/contracts';
import type { Logger } from 'pino';
import type { PlatformConfig } from '@hindsight/config';
import { EventPublisher, type OutgoingMessage } from '@hindsight/kafka';
import { LOGGER, PLATFORM_CONFIG } from '@hindsight/runtime';
import { IdempotencyRepository, postgresUnavailableReason, type IdempotencyClaim } from '@hindsight/store';
import { AssignmentSubmissions } from '../queues/assignment-submissions';
import { FINISHED_ASSIGNMENT_RULE } from '../queues/submission-check';
import { EventSealer, takeRandomBytes } from '@hindsight/shredding';
import { Clock } from '@hindsight/contracts';
import { DEFAULT_REDACTION_POLICY, redactEventData, TenantRedactionPolicies } from '@hindsight/redaction';
import { eventScopeRefusal } from './event-scopes';
import type { IdempotencyStore, IngestionAssignments, IngestionPublisher, IngestionSealer } from './ingestion-ports';

export const MAX_BATCH_EVENTS = 1000;

/** What the api answers for an accepted event (and stores for replays). */
export interface AcceptedEvent {
  readonly id: string;
  readonly type: string;
  readonly subject: { readonly kind: string; readonly id: string };
  readonly idempotencyKey: string;
  readonly recordedAt: string;
}

export type ItemResult =
  /** `unchecked`: published without the idempotency claim (PostgreSQL was down): the projector still stores the key once. */
  | ({
      readonly index: number;
      readonly status: 'accepted';
      readonly replayed: boolean;
      readonly unchecked?: true;
    } & AcceptedEvent)
  | { readonly index: number; readonly status: 'rejected'; readonly issues: readonly FieldIssue[] };

export interface BatchResult {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly ItemResult[];
}

interface Prepared {
  readonly index: number;
  readonly event: HindsightEvent;
  /** The key was made up by the server: nobody can retry with it, so nothing is recorded. */
  readonly serverKey: boolean;
  /** The client sent no `occurredAt`: `sealEvent` set it to `recordedAt`, so a reissued event moves it too. */
  readonly serverOccurredAt: boolean;
  readonly requestHash: string;
  /** `JSON.stringify(event.data)`, serialised once by validation: hashed there, encrypted by sealing. */
  readonly dataJson: string;
  /** The Kafka message's topic and key; `seal` writes its value (sealed or plain), once. */
  readonly topic: string;
  readonly key: string;
}

/** A prepared event with its Kafka message (the data's JSON is not kept: it is in the message, sealed). */
interface Sealed {
  readonly index: number;
  readonly event: HindsightEvent;
  readonly serverKey: boolean;
  readonly serverOccurredAt: boolean;
  readonly requestHash: string;
  readonly message: OutgoingMessage;
}

export interface IngestOptions {
  readonly source: string;
  readonly headerIdempotencyKey?: string;
  readonly types?: readonly EventType[];
}

/**
 * Validates, seals and publishes events. An event is answered 202 only after
 * Kafka acknowledged it; a retried idempotency key returns the stored answer and
 * publishes nothing.
 */
@Injectable()
export class IngestionService implements BeforeApplicationShutdown {
  constructor(
    @Inject(EventPublisher) private readonly publisher: IngestionPublisher,
    @Inject(IdempotencyRepository) private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(AssignmentSubmissions) private readonly assignments: IngestionAssignments,
    @Inject(EventSealer) private readonly sealer: IngestionSealer,
    @Inject(LOGGER) private readonly logger: Logger,
    // Absent (unit specs): every tenant has the default policy.
    @Optional() @Inject(TenantRedactionPolicies) private readonly redaction?: TenantRedactionPolicies,
  ) {}

  /**
   * Redaction needs the tenants' policies, read from the configuration topic at start: until the api
   * has read it to its end (its first seconds) a write waits up to 10 s, then answers 503.
   */
  private async redactionPoliciesRead(): Promise<void> {
    if (this.redaction === undefined || this.redaction.caughtUp) return;
    const deadline = Date.now() + 10_000;
    while (!this.redaction.caughtUp) {
      if (Date.now() > deadline)
        throw new UnavailableError('kafka', 'the redaction policies are still being read from Kafka; retry', 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async ingestOne(
    principal: Principal,
    body: unknown,
    options: IngestOptions,
  ): Promise<{ accepted: AcceptedEvent; replayed: boolean; unchecked: boolean }> {
    await this.redactionPoliciesRead();
    const prepared = this.prepare(principal, body, 0, options, '');
    const { refused, judged } = await this.assignments.verify(principal.tenant, [
      { index: 0, event: prepared.event, dataPath: 'data.' },
    ]);
    if (refused.size > 0) {
      const issues = refused.get(0)!;
      // A second judgment of a finished (judged or expired) assignment is a conflict, not bad input.
      if (issues.some((i) => i.rule.startsWith(FINISHED_ASSIGNMENT_RULE)))
        throw new ConflictError(issues[0].rule, issues);
      throw new ValidationError(issues);
    }
    const { sealed, erased } = await this.seal([prepared], () => '');
    if (erased.size > 0)
      throw new HindsightError(
        'conflict',
        'the subject of this event has been erased; its key is destroyed',
        erased.get(0)!,
      );
    const [result] = await this.commit(principal.tenant, sealed, judged);
    if (result.status === 'rejected') {
      if (result.issues.some((i) => i.rule.startsWith(FINISHED_ASSIGNMENT_RULE)))
        throw new ConflictError(result.issues[0].rule, result.issues);
      throw new ConflictError('the idempotency key was already used with a different request', result.issues);
    }
    // A replayed key's event is the stored one, not this fresh copy: its assignment was completed then.
    if (!result.replayed)
      await this.assignments.complete(principal.tenant, [
        reissued(prepared.event, result.id, prepared.serverOccurredAt),
      ]);
    const { index: _index, status: _status, replayed, unchecked, ...accepted } = result;
    return { accepted, replayed, unchecked: unchecked === true };
  }

  async ingestBatch(principal: Principal, body: unknown, options: IngestOptions): Promise<BatchResult> {
    const items = batchItems(body);
    await this.redactionPoliciesRead();
    const rejected: ItemResult[] = [];
    const prepared: Prepared[] = [];
    const seenKeys = new Map<string, number>();
    items.forEach((item, index) => {
      try {
        const p = this.prepare(principal, item, index, options, `events[${index}].`);
        const first = p.serverKey ? undefined : seenKeys.get(p.event.idempotencyKey);
        if (first !== undefined) {
          rejected.push({
            index,
            status: 'rejected',
            issues: [
              {
                path: `events[${index}].idempotencyKey`,
                rule: `duplicate of events[${first}].idempotencyKey in this batch`,
              },
            ],
          });
          return;
        }
        seenKeys.set(p.event.idempotencyKey, index);
        prepared.push(p);
      } catch (error) {
        if (
          !(error instanceof HindsightError) ||
          (error.code !== 'validation' && error.code !== 'forbidden' && error.code !== 'personal-data')
        )
          throw error;
        rejected.push({
          index,
          status: 'rejected',
          issues: error.issues.length > 0 ? error.issues : [{ path: `events[${index}]`, rule: error.message }],
        });
      }
    });
    // Comparisons submitted for a queue assignment must match what was served (annotation queues).
    const { refused, judged } = await this.assignments.verify(
      principal.tenant,
      prepared.map((p) => ({ index: p.index, event: p.event, dataPath: `events[${p.index}].data.` })),
    );
    for (const [index, issues] of refused) rejected.push({ index, status: 'rejected', issues });
    const { sealed, erased } = await this.seal(
      prepared.filter((p) => !refused.has(p.index)),
      (p) => `events[${p.index}].`,
    );
    for (const [index, issues] of erased) rejected.push({ index, status: 'rejected', issues });
    const publishable = sealed;
    const committed = publishable.length > 0 ? await this.commit(principal.tenant, publishable, judged) : [];
    const acceptedIds = new Map<number, string>();
    for (const r of committed) if (r.status === 'accepted' && !r.replayed) acceptedIds.set(r.index, r.id);
    const completed: HindsightEvent[] = [];
    for (const p of publishable) {
      const id = acceptedIds.get(p.index);
      if (id !== undefined) completed.push(reissued(p.event, id, p.serverOccurredAt));
    }
    await this.assignments.complete(principal.tenant, completed);
    const results = [...committed, ...rejected].sort((a, b) => a.index - b.index);
    const accepted = results.filter((r) => r.status === 'accepted').length;
    return { accepted, rejected: results.length - accepted, results };
  }

  private prepare(
    principal: Principal,
    raw: unknown,
    index: number,
    options: IngestOptions,
    pathPrefix: string,
  ): Prepared {
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new ValidationError([{ path: '', rule: 'must be a JSON object' }]);
      // The client's object is read, never changed: copied only when the key is set here.
      let body = raw as Record<string, unknown>;
      if (options.headerIdempotencyKey !== undefined) {
        if (body.idempotencyKey !== undefined && body.idempotencyKey !== options.headerIdempotencyKey) {
          throw new ValidationError([
            { path: 'idempotencyKey', rule: 'must equal the Idempotency-Key header when both are sent' },
          ]);
        }
        body = { ...body, idempotencyKey: options.headerIdempotencyKey };
      }
      const serverKey = body.idempotencyKey === undefined;
      if (serverKey) body = { ...body, idempotencyKey: `server-${randomUUID()}` };
      const input = validateEventInput(body, options.types ? { types: options.types } : undefined);
      const refusal = eventScopeRefusal(input.type, principal.scopes);
      if (refusal !== undefined) {
        throw new HindsightError(
          'forbidden',
          `a key with scopes ${principal.scopes.join(',')} may not send ${input.type}`,
          [{ path: `${pathPrefix}type`, rule: refusal }],
        );
      }
      const now = this.clock.now().getTime();
      const sealed = sealEvent(input, {
        id: formatUuidV7(now, takeRandomBytes(10)),
        recordedAt: new Date(now).toISOString(),
        tenant: principal.tenant,
        source: options.source,
      }) as HindsightEvent;
      const serialised = serialisedInput(input);
      // The tenant's redaction policy, on the fields the event's definition declares (before sealing:
      // only the sealed event ever holds the original text).
      const fields = eventRegistry[sealed.type].schemas[sealed.version].redactedFields;
      const redacted = redactEventData(
        sealed.data as Record<string, unknown>,
        fields,
        this.redaction?.policyOf(principal.tenant) ?? DEFAULT_REDACTION_POLICY,
        { pathPrefix: 'data.', maxChars: Number.POSITIVE_INFINITY },
      );
      // A placeholder may be longer than what it replaced: the redacted data must still meet its own limits.
      if (redacted.changed) {
        const check = eventRegistry[sealed.type].schemas[sealed.version].data.safeParse(redacted.data);
        if (!check.success)
          throw new ValidationError(
            formatZodIssues(check.error.issues, 'data.').map((i) => ({ ...i, rule: `${i.rule} once redacted` })),
          );
      }
      const event = redacted.changed ? ({ ...sealed, data: redacted.data } as HindsightEvent) : sealed;
      return {
        index,
        event,
        serverKey,
        serverOccurredAt: input.occurredAt === undefined,
        // The same bytes as JSON.stringify(input), serialised once by validation (stored hashes stay comparable);
        // hashed in one call (no Hash object per event).
        requestHash: hash('sha256', serverKey ? '{}' : serialised.json, 'hex'),
        dataJson: redacted.changed ? JSON.stringify(event.data) : serialised.dataJson,
        topic: this.topicOf(event.type),
        key: partitionKey(event),
      };
    } catch (error) {
      if (error instanceof ValidationError && pathPrefix !== '') {
        throw new ValidationError(
          error.issues.map((i) => ({ path: `${pathPrefix}${i.path}`.replace(/\.$/, ''), rule: i.rule })),
        );
      }
      if (error instanceof PersonalDataRefusedError && pathPrefix !== '')
        throw new PersonalDataRefusedError(error.issues.map((i) => ({ path: `${pathPrefix}${i.path}`, rule: i.rule })));
      throw error;
    }
  }

  /** Per event type: the topic name (checked once, not per event). */
  private readonly topics = new Map<EventType, string>();
  /** Per tenant, type and version: the Kafka headers, one frozen object shared by the messages (kafkajs only reads them). */
  private readonly headers = new Map<string, Readonly<Record<string, string>>>();

  private topicOf(type: EventType): string {
    let topic = this.topics.get(type);
    if (topic === undefined) {
      topic = topicName(this.config.kafka.topicPrefix, topicOf(type));
      this.topics.set(type, topic);
    }
    return topic;
  }

  private headersOf(event: HindsightEvent): Readonly<Record<string, string>> {
    const key = `${event.tenant} ${event.type} ${event.version}`;
    let headers = this.headers.get(key);
    if (headers === undefined) {
      if (this.headers.size >= 10_000) this.headers.clear();
      headers = Object.freeze(eventHeaders(event));
      this.headers.set(key, headers);
    }
    return headers;
  }

  /**
   * Encrypts personal content with its subject's key before it reaches Kafka
   * (crypto-shredding); an event about an erased subject cannot be written.
   */
  private async seal(
    prepared: readonly Prepared[],
    prefix: (p: Prepared) => string,
  ): Promise<{ sealed: Sealed[]; erased: Map<number, FieldIssue[]> }> {
    const outcomes = await this.sealer.seal(
      prepared.map((p) => p.event),
      undefined,
      prepared.map((p) => p.dataJson),
    );
    const sealed: Sealed[] = [];
    const erased = new Map<number, FieldIssue[]>();
    prepared.forEach((p, i) => {
      const outcome = outcomes[i];
      if (outcome.ok)
        sealed.push({
          index: p.index,
          event: p.event,
          serverKey: p.serverKey,
          serverOccurredAt: p.serverOccurredAt,
          requestHash: p.requestHash,
          message: { topic: p.topic, key: p.key, value: outcome.value, headers: this.headersOf(p.event) },
        });
      else erased.set(p.index, [{ path: `${prefix(p)}${outcome.field}`, rule: 'this subject has been erased' }]);
    });
    return { sealed, erased };
  }

  /**
   * Claims the idempotency keys (one statement), publishes the events of the keys
   * it claimed with no database connection held, then completes the claims with
   * their answers (one statement, not awaited by the answer); a failed publish releases them instead.
   * An event in `judged` (its assignment was already judged) is answered only as a replay of its key: otherwise
   * it is refused with its issues and nothing is published for it.
   */
  private async commit(
    tenant: string,
    prepared: readonly Sealed[],
    judged: ReadonlyMap<number, FieldIssue[]> = new Map(),
  ): Promise<ItemResult[]> {
    const keyed = prepared.filter((p) => !p.serverKey);
    // A comparison for a queue assignment also claims the assignment, so of two judgments of it (whatever their keys) one is published.
    const judgments: { p: Sealed; key: string; requestHash: string }[] = [];
    for (const p of prepared) {
      const assignmentId = assignmentOf(p.event);
      if (assignmentId !== undefined)
        judgments.push({
          p,
          key: assignmentClaimKey(assignmentId),
          requestHash: assignmentClaimHash(p.event.idempotencyKey),
        });
    }
    if (keyed.length === 0 && judgments.length === 0) {
      await this.publisher.publish(prepared.map((p) => p.message));
      return prepared.map((p) => ({ index: p.index, status: 'accepted', replayed: false, ...acceptedBody(p.event) }));
    }
    let claim: IdempotencyClaim;
    try {
      claim = await this.idempotency.claim(tenant, [
        ...keyed.map((p) => ({ key: p.event.idempotencyKey, requestHash: p.requestHash, eventId: p.event.id })),
        ...judgments.map((j) => ({ key: j.key, requestHash: j.requestHash, eventId: j.p.event.id })),
      ]);
    } catch (error) {
      if (postgresUnavailableReason(error) === undefined) throw error;
      // Kafka is the write path: without the database nothing can tell a retry or a reused key here, and the
      // projector, which stores each (tenant, idempotency key) once, is what keeps a retry from counting twice.
      // A judgment of an assignment already judged cannot be told from a retry either: it stays refused.
      await this.publisher.publish(prepared.filter((p) => !judged.has(p.index)).map((p) => p.message));
      return prepared.map((p): ItemResult => {
        const issues = judged.get(p.index);
        if (issues !== undefined) return { index: p.index, status: 'rejected', issues };
        return {
          index: p.index,
          status: 'accepted',
          replayed: false,
          ...(p.serverKey ? {} : { unchecked: true as const }),
          ...acceptedBody(p.event),
        };
      });
    }
    if (claim.inFlight.size > 0) {
      await this.release(tenant, claim);
      throw new UnavailableError(
        'idempotency',
        'another request with the same idempotency key is still in progress; retry with the same key',
      );
    }
    const results: ItemResult[] = [];
    let fresh: Sealed[] = [];
    const judgmentOf = new Map(judgments.map((j) => [j.p.index, j]));
    const unpublished: string[] = [];
    for (const p of prepared) {
      const existing =
        p.serverKey || claim.claimed.has(p.event.idempotencyKey)
          ? undefined
          : claim.existing.get(p.event.idempotencyKey);
      const judgment = judgmentOf.get(p.index);
      const judgedBy = judgment && !claim.claimed.has(judgment.key) ? claim.existing.get(judgment.key) : undefined;
      const alreadyJudged = judged.get(p.index);
      if (alreadyJudged !== undefined && existing?.requestHash !== p.requestHash) {
        // Not a retry of the judgment that judged the assignment: refused as `verify` found it.
        results.push({ index: p.index, status: 'rejected', issues: alreadyJudged });
        if (claim.claimed.has(p.event.idempotencyKey)) unpublished.push(p.event.idempotencyKey);
        if (judgment && claim.claimed.has(judgment.key)) unpublished.push(judgment.key);
      } else if (existing === undefined && judgedBy !== undefined && judgedBy.requestHash !== judgment!.requestHash) {
        // Another request (another idempotency key) judged this assignment first: nothing is published for this one.
        const assignmentId = assignmentOf(p.event)!;
        results.push({
          index: p.index,
          status: 'rejected',
          issues: [
            {
              path:
                prepared.length === 1 && p.index === 0 ? 'data.assignmentId' : `events[${p.index}].data.assignmentId`,
              rule: `${FINISHED_ASSIGNMENT_RULE}: assignment ${assignmentId} was already judged (by another request)`,
            },
          ],
        });
        unpublished.push(p.event.idempotencyKey, judgment!.key);
      } else if (existing === undefined) fresh.push(p);
      else if (existing.requestHash !== p.requestHash) {
        results.push({
          index: p.index,
          status: 'rejected',
          issues: [
            {
              path: p.index === 0 && prepared.length === 1 ? 'idempotencyKey' : `events[${p.index}].idempotencyKey`,
              rule: 'already used with a different request',
            },
          ],
        });
        if (judgment) unpublished.push(judgment.key);
      } else {
        results.push({ index: p.index, status: 'accepted', replayed: true, ...(existing.response as AcceptedEvent) });
        if (judgment) unpublished.push(judgment.key);
      }
    }
    if (claim.resumed.size > 0) fresh = await this.resume(fresh, claim, judgmentOf, results, unpublished);
    if (unpublished.length > 0) {
      try {
        await claim.release(unpublished);
      } catch (error) {
        this.logger.error(
          { err: error, tenant, keys: unpublished },
          'idempotency claims of unpublished events not released; they free themselves when their lease runs out',
        );
      }
    }
    try {
      await this.publisher.publish(fresh.map((p) => p.message));
    } catch (error) {
      await this.release(tenant, claim);
      throw error;
    }
    // One answer per event, stored for its key (and its judgment's) and spread into its result.
    const answers = fresh.map((p) => acceptedBody(p.event));
    const records: { key: string; response: AcceptedEvent }[] = [];
    fresh.forEach((p, i) => {
      if (!p.serverKey) records.push({ key: p.event.idempotencyKey, response: answers[i] });
    });
    fresh.forEach((p, i) => {
      const judgment = judgmentOf.get(p.index);
      if (judgment) records.push({ key: judgment.key, response: answers[i] });
    });
    // Kafka acknowledged, so the answer is 202 now: storing it for retries is not waited for (one PostgreSQL
    // round trip less per request). A retry that comes before the answer is stored finds its key pending and
    // waits for it, as for any request in flight; shutdown waits for the answers still being stored.
    this.track(this.complete(tenant, claim, records));
    for (let i = 0; i < fresh.length; i++)
      results.push({ index: fresh[i].index, status: 'accepted', replayed: false, ...answers[i] });
    return results;
  }

  /**
   * Events whose keys were taken over from a claim whose owner died (its lease ran out) with the same request:
   * that owner may have published, so the event is made again under the id the claim stored, and its
   * `recordedAt` (the id's time, as `prepare` made them), then sealed again. The projector keeps one copy of
   * an id, so the 202, the stored answer and the stored event name the same one. An event whose subject was
   * erased since is refused here (its keys are released).
   */
  private async resume(
    fresh: readonly Sealed[],
    claim: IdempotencyClaim,
    judgmentOf: ReadonlyMap<number, { readonly key: string }>,
    results: ItemResult[],
    unpublished: string[],
  ): Promise<Sealed[]> {
    const again: Prepared[] = [];
    for (const p of fresh) {
      const judgment = judgmentOf.get(p.index);
      const id =
        (p.serverKey ? undefined : claim.resumed.get(p.event.idempotencyKey)) ??
        (judgment === undefined ? undefined : claim.resumed.get(judgment.key));
      if (id === undefined || id === p.event.id) continue;
      const event = reissued(p.event, id, p.serverOccurredAt);
      again.push({
        index: p.index,
        event,
        serverKey: p.serverKey,
        serverOccurredAt: p.serverOccurredAt,
        requestHash: p.requestHash,
        // A rare path: the data's JSON is made again (validation made it by JSON.stringify of the same data).
        dataJson: JSON.stringify(event.data),
        topic: p.message.topic,
        key: partitionKey(event),
      });
    }
    if (again.length === 0) return [...fresh];
    const { sealed, erased } = await this.seal(again, (p) =>
      fresh.length === 1 && p.index === 0 ? '' : `events[${p.index}].`,
    );
    for (const p of again) {
      const issues = erased.get(p.index);
      if (issues === undefined) continue;
      results.push({ index: p.index, status: 'rejected', issues });
      if (!p.serverKey) unpublished.push(p.event.idempotencyKey);
      const judgment = judgmentOf.get(p.index);
      if (judgment) unpublished.push(judgment.key);
    }
    this.logger.warn(
      { keys: sealed.map((p) => p.event.idempotencyKey), ids: sealed.map((p) => p.event.id) },
      'idempotency claims taken over from a dead request: its events published again under their first ids',
    );
    // In the request's order: messages of one partition go to Kafka in it.
    const resealed = new Map(sealed.map((p) => [p.index, p]));
    return fresh.flatMap((p) => (erased.has(p.index) ? [] : [resealed.get(p.index) ?? p]));
  }

  /** Answers being stored after their 202 was given (`complete`), awaited at shutdown. */
  private readonly completing = new Set<Promise<void>>();

  private track(completion: Promise<void>): void {
    this.completing.add(completion);
    void completion.finally(() => this.completing.delete(completion));
  }

  /** Before the database connections close (onApplicationShutdown): the answers still being stored. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.completing]);
  }

  /** Stores the answers of the published events; never rejects (the 202 was given). */
  private async complete(
    tenant: string,
    claim: IdempotencyClaim,
    records: readonly { readonly key: string; readonly response: AcceptedEvent }[],
  ): Promise<void> {
    try {
      const lost = await claim.complete(records);
      // Our lease ran out before Kafka answered and a retry took the keys over: its answer is the one stored.
      if (lost.length > 0)
        this.logger.warn({ tenant, keys: lost }, 'idempotency claims taken over before they were completed');
    } catch (error) {
      // The claims stay pending until their lease runs out; a retry after that publishes again under the same
      // key and the projector keeps the key once.
      this.logger.error(
        { err: error, tenant, keys: records.map((r) => r.key) },
        'idempotency claims not completed after publishing',
      );
    }
  }

  /** Gives the claims back so a retry can publish; when that fails too, their lease frees them. */
  private async release(tenant: string, claim: IdempotencyClaim): Promise<void> {
    try {
      await claim.release();
    } catch (error) {
      this.logger.error(
        { err: error, tenant, keys: [...claim.claimed] },
        'idempotency claims not released; they free themselves when their lease runs out',
      );
    }
  }
}

/** The queue assignment a comparison judges, if it names one. */
function assignmentOf(event: HindsightEvent): string | undefined {
  return event.type === 'comparison.recorded' ? event.data.assignmentId : undefined;
}

/** The claim row of an assignment's judgment: with a space, which no client idempotency key holds (visible ASCII only). */
export function assignmentClaimKey(assignmentId: string): string {
  return `assignment ${assignmentId}`;
}

/** The judgment's own idempotency key identifies it: a retry of it matches, another judgment does not. */
function assignmentClaimHash(idempotencyKey: string): string {
  return hash('sha256', `judgment ${idempotencyKey}`, 'hex');
}

/**
 * The event under `id`: itself, or (a takeover of a dead request's claim, `resume`) the same event under
 * the id that request published it with, whose time is its `recordedAt` (and its `occurredAt` when the
 * request had none — `serverOccurredAt`, known from the input: a client's `occurredAt` may equal
 * `recordedAt` to the millisecond and is then the client's, kept).
 */
function reissued(event: HindsightEvent, id: string, serverOccurredAt: boolean): HindsightEvent {
  if (id === event.id) return event;
  const recordedAt = new Date(uuidV7Millis(id)).toISOString();
  const occurredAt = serverOccurredAt ? recordedAt : event.occurredAt;
  return { ...event, id, recordedAt, occurredAt } as HindsightEvent;
}

function acceptedBody(event: HindsightEvent): AcceptedEvent {
  return {
    id: event.id,
    type: event.type,
    subject: event.subject,
    idempotencyKey: event.idempotencyKey,
    recordedAt: event.recordedAt,
  };
}

function batchItems(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { events?: unknown }).events)) {
    throw new ValidationError([{ path: 'events', rule: 'required: an array of events' }]);
  }
  const events = (body as { events: unknown[] }).events;
  if (events.length === 0) throw new ValidationError([{ path: 'events', rule: 'must contain at least 1 item' }]);
  if (events.length > MAX_BATCH_EVENTS)
    throw new ValidationError([{ path: 'events', rule: `must contain at most ${MAX_BATCH_EVENTS} items` }]);
  return events;
}
