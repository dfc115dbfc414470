import { sealEvent, validateEventInput, type SessionEnded } from '@hindsight/contracts';

/** What the session check asks of the sign-outs read from the configuration topic. */
export interface EndedSessionsView {
  /**
   * False until the topic was read to where it ended when reading began; true from then on, also while the
   * reader lost the broker and reads the topic again (what it read still counts, and nobody can sign out
   * without the broker).
   */
  readonly caughtUp: boolean;
  /** Whether `sessionId` was signed out (on any api process) and had not expired at `now`. */
  isEnded(sessionId: string, now: number): boolean;
}

/**
 * The signed-out sessions of the configuration topic (`session.ended`), in
 * memory, applied in the topic's order; an entry is forgotten once its session
 * would have expired (its cookie is refused then anyway), so memory is one entry
 * per session signed out within the last `SESSION_TTL_MINUTES`. Pure: the
 * reader feeds it, and the time comes in as an argument.
 */
export class EndedSessions implements EndedSessionsView {
  private readonly expiresAt = new Map<string, number>();
  private nextSweep = 0;
  private wasCaughtUp = false;

  constructor(private readonly reader: { readonly caughtUp: boolean } = { caughtUp: true }) {}

  get caughtUp(): boolean {
    if (!this.wasCaughtUp && this.reader.caughtUp) this.wasCaughtUp = true;
    return this.wasCaughtUp;
  }

  /** Records a sign-out (idempotent: the same session twice keeps the later expiry). */
  apply(event: SessionEnded, now: number): void {
    this.sweep(now);
    const expiresAt = Date.parse(event.data.expiresAt);
    if (expiresAt <= now) return;
    this.expiresAt.set(event.data.sessionId, Math.max(expiresAt, this.expiresAt.get(event.data.sessionId) ?? 0));
  }

  isEnded(sessionId: string, now: number): boolean {
    const expiresAt = this.expiresAt.get(sessionId);
    return expiresAt !== undefined && expiresAt > now;
  }

  /** Sessions remembered now (for tests and memory accounting). */
  get size(): number {
    return this.expiresAt.size;
  }

  /** Drops expired entries, at most once a minute (a sign-out costs O(1) amortised). */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [id, expiresAt] of this.expiresAt) if (expiresAt <= now) this.expiresAt.delete(id);
  }
}

/**
 * A sealed `session.ended` (the idempotency key is the session's: signing one
 * session out twice is stored once). Pure: id and time come in as arguments.
 */
export function sessionEndedEvent(s: {
  eventId: string;
  tenant: string;
  sessionId: string;
  keyId: string;
  endedAt: number;
  expiresAt: number;
}): SessionEnded {
  const endedAt = new Date(s.endedAt).toISOString();
  const input = validateEventInput(
    {
      type: 'session.ended',
      idempotencyKey: `session-ended:${s.sessionId}`,
      occurredAt: endedAt,
      data: { sessionId: s.sessionId, keyId: s.keyId, endedAt, expiresAt: new Date(s.expiresAt).toISOString() },
    },
    { types: ['session.ended'] },
  );
  return sealEvent(input, { id: s.eventId, recordedAt: endedAt, tenant: s.tenant, source: 'api' }) as SessionEnded;
}
