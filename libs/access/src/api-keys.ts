import { randomBytes, randomUUID } from 'node:crypto';
import { MAX_STORED_INT, ValidationError, type FieldIssue } from '@hindsight/contracts';
import type { ApiKeyRepository, ApiKeyRow } from '@hindsight/store';
import { formatApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-format';
import { isScope, SCOPES, type Scope } from './scopes';

/** Who is calling, once a key has been verified. */
export interface Principal {
  readonly keyId: string;
  readonly lookupId: string;
  readonly tenant: string;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
  readonly rateLimitPerMinute: number | null;
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

export type Verification = { readonly ok: true; readonly principal: Principal } | { readonly ok: false; readonly reason: KeyRejection };

const tenantPattern = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Issues, verifies, lists and revokes API keys. */
export class ApiKeys {
  constructor(private readonly repository: ApiKeyRepository) {}

  async issue(request: IssueKeyRequest): Promise<IssuedKey> {
    const issues: FieldIssue[] = [];
    if (!tenantPattern.test(request.tenant)) issues.push({ path: 'tenant', rule: 'must be a lower-case slug of letters, digits and "-"' });
    if (request.scopes.length === 0) issues.push({ path: 'scopes', rule: `required: one or more of ${SCOPES.join(', ')}` });
    request.scopes.forEach((s, i) => {
      if (!isScope(s)) issues.push({ path: `scopes[${i}]`, rule: `must be one of: ${SCOPES.join(', ')}` });
    });
    (request.allowedOrigins ?? []).forEach((o, i) => {
      if (!isOrigin(o)) issues.push({ path: `allowedOrigins[${i}]`, rule: 'must be an origin like https://app.example.com' });
    });
    if (request.rateLimitPerMinute !== undefined && !(Number.isInteger(request.rateLimitPerMinute) && request.rateLimitPerMinute > 0 && request.rateLimitPerMinute <= MAX_STORED_INT)) {
      issues.push({ path: 'rateLimitPerMinute', rule: `must be a positive integer up to ${MAX_STORED_INT}` });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const formatted = formatApiKey(randomBytes(9), randomBytes(32));
    const row = await this.repository.insert({
      id: randomUUID(),
      tenant: request.tenant,
      name: request.name ?? '',
      lookupId: formatted.lookupId,
      secretSha256: hashSecret(formatted.secret),
      scopes: [...new Set(request.scopes)],
      allowedOrigins: request.allowedOrigins ?? [],
      rateLimitPerMinute: request.rateLimitPerMinute ?? null,
    });
    return { key: formatted.key, id: row.id, lookupId: row.lookupId, tenant: row.tenant, scopes: row.scopes as Scope[], allowedOrigins: row.allowedOrigins };
  }

  async verify(presented: string | undefined): Promise<Verification> {
    if (presented === undefined || presented.trim() === '') return { ok: false, reason: 'missing' };
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const row = await this.repository.findByLookupId(parsed.lookupId);
    if (!row || !secretMatches(parsed.secret, row.secretSha256)) return { ok: false, reason: 'unknown' };
    if (row.revokedAt !== null) return { ok: false, reason: 'revoked' };
    return { ok: true, principal: toPrincipal(row) };
  }

  list(tenant?: string): Promise<ApiKeyRow[]> {
    return this.repository.list(tenant);
  }

  revoke(idOrLookupId: string): Promise<ApiKeyRow | undefined> {
    return this.repository.revoke(idOrLookupId);
  }

  originAllowedForAnyKey(origin: string): Promise<boolean> {
    return this.repository.originsAllowed(origin);
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
  };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
