import type { ApiKeyEvent } from '@hindsight/contracts';
import type { Scope } from './scopes';

/** A key as its `api-key.*` events on the configuration topic describe it. */
export interface LoggedApiKey {
  readonly keyId: string;
  readonly lookupId: string;
  readonly tenant: string;
  readonly name: string;
  readonly secretSha256: Buffer;
  readonly scopes: readonly Scope[];
  readonly allowedOrigins: readonly string[];
  readonly rateLimitPerMinute: number | null;
  readonly revoked: boolean;
}

/** What `ApiKeys.verify` asks of the keys read from the log. */
export interface ApiKeyLogView {
  /** False until the log was read to where it ended when reading began, and again once its reader stopped. */
  readonly caughtUp: boolean;
  find(lookupId: string): LoggedApiKey | undefined;
  /** A revocation read from the log, also of a key whose creation is not on it (made before keys were events). */
  isRevoked(keyId: string): boolean;
  /** Whether a live key allows `origin` (CORS preflights). */
  originAllowed(origin: string): boolean;
}

/**
 * The API keys of the configuration topic, in memory: applied in the topic's
 * order (a key's events share its partition). Pure: the reader feeds it.
 */
export class ApiKeyLog implements ApiKeyLogView {
  private readonly byLookupId = new Map<string, LoggedApiKey>();
  private readonly lookupIdOf = new Map<string, string>();
  private readonly revoked = new Set<string>();

  constructor(private readonly reader: { readonly caughtUp: boolean } = { caughtUp: true }) {}

  get caughtUp(): boolean {
    return this.reader.caughtUp;
  }

  apply(event: ApiKeyEvent): void {
    if (event.type === 'api-key.created') {
      const d = event.data;
      this.lookupIdOf.set(d.keyId, d.lookupId);
      this.byLookupId.set(d.lookupId, {
        keyId: d.keyId,
        lookupId: d.lookupId,
        tenant: event.tenant,
        name: d.name,
        secretSha256: Buffer.from(d.secretSha256, 'hex'),
        scopes: d.scopes,
        allowedOrigins: d.allowedOrigins,
        rateLimitPerMinute: d.rateLimitPerMinute,
        revoked: this.revoked.has(d.keyId),
      });
      return;
    }
    this.revoked.add(event.data.keyId);
    const lookupId = this.lookupIdOf.get(event.data.keyId);
    const key = lookupId === undefined ? undefined : this.byLookupId.get(lookupId);
    if (key) this.byLookupId.set(key.lookupId, { ...key, revoked: true });
  }

  find(lookupId: string): LoggedApiKey | undefined {
    return this.byLookupId.get(lookupId);
  }

  isRevoked(keyId: string): boolean {
    return this.revoked.has(keyId);
  }

  originAllowed(origin: string): boolean {
    for (const key of this.byLookupId.values()) if (!key.revoked && key.allowedOrigins.includes(origin)) return true;
    return false;
  }
}
