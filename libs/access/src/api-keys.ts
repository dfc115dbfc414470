import { randomBytes, randomUUID } from 'node:crypto';
import {
  type ApiKeyEvent,
  Clock,
  type FieldIssue,
  ID_PATTERN,
  MAX_ID_CHARS,
  MAX_STORED_INT,
  NUL_RULE,
  sealEvent,
  validateEventInput,
  ValidationError,
} from '@hindsight/contracts';
import { postgresUnavailableReason, type ApiKeyRepository, type ApiKeyRow } from '@hindsight/store';
import { formatApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-format';
import type { ApiKeyLogView, LoggedApiKey } from './api-key-log';
import { isScope, SCOPES, type Scope } from './scopes';

/** Who is calling, once a key has been verified. */
export interface Principal {
  readonly keyId: string;
  readonly lookupId: string;
  readonly tenant: string;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
  readonly rateLimitPerMinute: number | null;
  /** The rater a `rater`-scoped key speaks for (the key's name); null for other keys. */
  readonly raterId: string | null;
}

export interface IssueKeyRequest {
  readonly tenant: string;
  readonly scopes: readonly string[];
  readonly name?: string;
  readonly allowedOrigins?: readonly string[];
  readonly rateLimitPerMinute?: number;
}

export interface IssuedKey {
  /** Shown once; only its hash is stored. */
  readonly key: string;
  readonly id: string;
  readonly lookupId: string;
  readonly tenant: string;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
}

export type KeyRejection = 'missing' | 'malformed' | 'unknown' | 'revoked';

export type Verification =
  { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: KeyRejection };

const tenantPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const MAX_NAME_CHARS = 200;

/**
 * What issuing and revoking need: keys are `api-key.created` / `api-key.revoked`
 * events on Kafka (hash and metadata, never the secret), published before the
 * row is written, so a replay brings every key back. Only the CLI has one: the
 * api verifies keys and never makes them.
 */
export interface ApiKeyWriter {
  /** Publishes the event; resolves once Kafka acknowledged it (acks=all). */
  readonly publish: (event: ApiKeyEvent) => Promise<void>;
  readonly clock: Clock;
  /** A fresh event id (a UUIDv7). */
  readonly newEventId: () => string;
}

/** Issues, verifies, lists and revokes API keys. */
export class ApiKeys {
  constructor(
    private readonly repository: ApiKeyRepository,
    private readonly writer?: ApiKeyWriter,
    /**
     * The keys read from the configuration topic (the api's): once caught up, a key
     * found there is verified without the database, so keys work while it is down,
     * and a revocation read there counts from that moment. A key not (yet) on it
     * is looked up in the database, as before keys were events.
     */
    private readonly log?: ApiKeyLogView,
  ) {}

  /** @throws ValidationError naming each bad field; nothing is published or stored then. */
  async issue(request: IssueKeyRequest): Promise<IssuedKey> {
    const writer = this.writerOrThrow();
    const issues: FieldIssue[] = [];
    if (!tenantPattern.test(request.tenant))
      issues.push({ path: 'tenant', rule: 'must be a lower-case slug of letters, digits and "-"' });
    if (request.scopes.length === 0)
      issues.push({ path: 'scopes', rule: `required: one or more of ${SCOPES.join(', ')}` });
    request.scopes.forEach((s, i) => {
      if (!isScope(s)) issues.push({ path: `scopes[${i}]`, rule: `must be one of: ${SCOPES.join(', ')}` });
    });
    (request.allowedOrigins ?? []).forEach((o, i) => {
      if (!isOrigin(o))
        issues.push({ path: `allowedOrigins[${i}]`, rule: 'must be an origin like https://app.example.com' });
    });
    if (request.scopes.includes('rater')) {
      if (request.scopes.some((s) => s !== 'rater'))
        issues.push({
          path: 'scopes',
          rule: 'rater may not be combined with another scope (a rater key only fetches and judges its own assignments)',
        });
      if (request.name === undefined || !ID_PATTERN.test(request.name) || request.name.length > MAX_ID_CHARS) {
        issues.push({
          path: 'name',
          rule: 'a rater key must be named with the rater id it speaks for (letters, digits, ".", "_", ":", "-")',
        });
      }
    }
    if (request.name !== undefined && request.name.length > MAX_NAME_CHARS)
      issues.push({ path: 'name', rule: `must be at most ${MAX_NAME_CHARS} characters` });
    if (request.name?.includes('\u0000')) issues.push({ path: 'name', rule: NUL_RULE });
    if (
      request.rateLimitPerMinute !== undefined &&
      !(
        Number.isInteger(request.rateLimitPerMinute) &&
        request.rateLimitPerMinute > 0 &&
        request.rateLimitPerMinute <= MAX_STORED_INT
      )
    ) {
      issues.push({ path: 'rateLimitPerMinute', rule: `must be a positive integer up to ${MAX_STORED_INT}` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const formatted = formatApiKey(randomBytes(9), randomBytes(32));
    const keyId = randomUUID();
    const event = this.seal(writer, request.tenant, 'api-key.created', `api-key:${keyId}:created`, {
      keyId,
      lookupId: formatted.lookupId,
      secretSha256: hashSecret(formatted.secret).toString('hex'),
      name: request.name ?? '',
      scopes: [...new Set(request.scopes)],
      allowedOrigins: [...(request.allowedOrigins ?? [])],
      rateLimitPerMinute: request.rateLimitPerMinute ?? null,
      createdAt: writer.clock.now().toISOString(),
    });
    await writer.publish(event);
    await this.repository.apply(event);
    const row = await this.repository.find(keyId);
    if (!row) throw new Error(`ApiKeys.issue: key ${keyId} was published but is not stored`);
    return {
      key: formatted.key,
      id: row.id,
      lookupId: row.lookupId,
      tenant: row.tenant,
      scopes: row.scopes as Scope[],
      allowedOrigins: row.allowedOrigins,
    };
  }

  async verify(presented: string | undefined): Promise<Verification> {
    if (presented === undefined || presented.trim() === '') return { ok: false, reason: 'missing' };
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const logged = this.log?.caughtUp ? this.log.find(parsed.lookupId) : undefined;
    if (logged) {
      if (!secretMatches(parsed.secret, logged.secretSha256)) return { ok: false, reason: 'unknown' };
      if (logged.revoked) return { ok: false, reason: 'revoked' };
      return { ok: true, principal: loggedPrincipal(logged) };
    }
    const row = await this.repository.findByLookupId(parsed.lookupId);
    if (!row || !secretMatches(parsed.secret, row.secretSha256)) return { ok: false, reason: 'unknown' };
    if (row.revokedAt !== null || this.log?.isRevoked(row.id)) return { ok: false, reason: 'revoked' };
    return { ok: true, principal: toPrincipal(row) };
  }

  /** The key behind a session: verified again by its id at each request, so a revoked key ends its sessions at once. */
  async verifyKeyId(keyId: string): Promise<Verification> {
    const row = await this.repository.find(keyId);
    if (!row || row.id !== keyId) return { ok: false, reason: 'unknown' };
    if (row.revokedAt !== null || this.log?.isRevoked(row.id)) return { ok: false, reason: 'revoked' };
    return { ok: true, principal: toPrincipal(row) };
  }

  /** Whether `verify` already refuses the key `keyId` once its revocation is stored: at once without a log, else once the log has it. */
  revocationSeen(keyId: string): boolean {
    return this.log === undefined || !this.log.caughtUp || this.log.isRevoked(keyId);
  }

  list(tenant?: string): Promise<ApiKeyRow[]> {
    return this.repository.list(tenant);
  }

  /** Revokes a key by id or lookup id (publishing `api-key.revoked`); idempotent; undefined when no such key. */
  async revoke(idOrLookupId: string): Promise<ApiKeyRow | undefined> {
    const writer = this.writerOrThrow();
    const row = await this.repository.find(idOrLookupId);
    if (!row || row.revokedAt !== null) return row;
    const event = this.seal(writer, row.tenant, 'api-key.revoked', `api-key:${row.id}:revoked`, {
      keyId: row.id,
      revokedAt: writer.clock.now().toISOString(),
    });
    await writer.publish(event);
    await this.repository.apply(event);
    return this.repository.find(row.id);
  }

  private writerOrThrow(): ApiKeyWriter {
    if (!this.writer)
      throw new Error(
        'ApiKeys: issuing and revoking keys needs an ApiKeyWriter (the CLI has one; the api never makes keys)',
      );
    return this.writer;
  }

  private seal(
    writer: ApiKeyWriter,
    tenant: string,
    type: ApiKeyEvent['type'],
    idempotencyKey: string,
    data: Record<string, unknown>,
  ): ApiKeyEvent {
    return sealKeyEvent(type, tenant, idempotencyKey, data, writer.newEventId(), writer.clock.now());
  }

  /** From the log when a key there allows it; else the database (keys made before keys were events), or the log alone while the database is down. */
  async originAllowedForAnyKey(origin: string): Promise<boolean> {
    if (this.log?.caughtUp && this.log.originAllowed(origin)) return true;
    try {
      return await this.repository.originsAllowed(origin);
    } catch (error) {
      if (this.log?.caughtUp && postgresUnavailableReason(error) !== undefined) return false;
      throw error;
    }
  }
}

function toPrincipal(row: ApiKeyRow): Principal {
  return {
    keyId: row.id,
    lookupId: row.lookupId,
    tenant: row.tenant,
    scopes: row.scopes.filter(isScope),
    allowedOrigins: row.allowedOrigins,
    rateLimitPerMinute: row.rateLimitPerMinute,
    raterId: raterIdOf(row.scopes, row.name),
  };
}

function loggedPrincipal(key: LoggedApiKey): Principal {
  return {
    keyId: key.keyId,
    lookupId: key.lookupId,
    tenant: key.tenant,
    scopes: key.scopes,
    allowedOrigins: key.allowedOrigins,
    rateLimitPerMinute: key.rateLimitPerMinute,
    raterId: raterIdOf(key.scopes, key.name),
  };
}

/** A rater key's name is the rater id it may judge as. */
function raterIdOf(scopes: readonly string[], name: string): string | null {
  return scopes.includes('rater') ? name : null;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

function sealKeyEvent(
  type: ApiKeyEvent['type'],
  tenant: string,
  idempotencyKey: string,
  data: Record<string, unknown>,
  eventId: string,
  at: Date,
  source = 'cli',
): ApiKeyEvent {
  const input = validateEventInput({ type, idempotencyKey, occurredAt: at.toISOString(), data }, { types: [type] });
  return sealEvent(input, { id: eventId, recordedAt: at.toISOString(), tenant, source }) as ApiKeyEvent;
}

/** Events that rebuild a key stored before keys were events (`hindsight records backfill`): created, and revoked if it is. Pure. */
export function backfillKeyEvents(
  row: ApiKeyRow,
  ctx: { readonly newEventId: () => string; readonly source: string },
): ApiKeyEvent[] {
  const created = sealKeyEvent(
    'api-key.created',
    row.tenant,
    `api-key:${row.id}:created`,
    {
      keyId: row.id,
      lookupId: row.lookupId,
      secretSha256: row.secretSha256.toString('hex'),
      name: row.name,
      scopes: [...row.scopes],
      allowedOrigins: [...row.allowedOrigins],
      rateLimitPerMinute: row.rateLimitPerMinute,
      createdAt: row.createdAt.toISOString(),
    },
    ctx.newEventId(),
    row.createdAt,
    ctx.source,
  );
  if (row.revokedAt === null) return [created];
  return [
    created,
    sealKeyEvent(
      'api-key.revoked',
      row.tenant,
      `api-key:${row.id}:revoked`,
      { keyId: row.id, revokedAt: row.revokedAt.toISOString() },
      ctx.newEventId(),
      row.revokedAt,
      ctx.source,
    ),
  ];
}
