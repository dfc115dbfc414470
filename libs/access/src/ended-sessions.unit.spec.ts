import { ValidationError } from '@hindsight/contracts';
import { EndedSessions, sessionEndedEvent } from './ended-sessions';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const KEY = '5b0e6f0a-2b1c-4d3e-9f80-1a2b3c4d5e6f';
const ended = (sessionId: string, endedAt: number, expiresAt: number) =>
  sessionEndedEvent({
    eventId: '0190a000-0000-7000-8000-0000000000e1',
    tenant: 'acme',
    sessionId,
    keyId: KEY,
    endedAt,
    expiresAt,
  });
const S1 = 'a'.repeat(32);
const S2 = 'b'.repeat(32);

describe('sessionEndedEvent', () => {
  it('seals a session.ended v1 on the configuration topic, keyed by its session (idempotency) and naming key and expiry', () => {
    const event = ended(S1, T0, T0 + 3_600_000);
    expect(event).toMatchObject({
      type: 'session.ended',
      version: 1,
      tenant: 'acme',
      source: 'api',
      subject: { kind: 'session', id: S1 },
      idempotencyKey: `session-ended:${S1}`,
      occurredAt: '2026-03-01T09:00:00.000Z',
      recordedAt: '2026-03-01T09:00:00.000Z',
      data: { sessionId: S1, keyId: KEY, endedAt: '2026-03-01T09:00:00.000Z', expiresAt: '2026-03-01T10:00:00.000Z' },
    });
  });

  it('refuses a session id that is not 32 lower-case hex digits, naming the field', () => {
    expect(() => ended('Not-A-Session', T0, T0 + 1)).toThrow(ValidationError);
    try {
      ended('A'.repeat(32), T0, T0 + 1);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { path: 'data.sessionId', rule: 'must be 32 lower-case hex digits (a session id)' },
      ]);
    }
    expect.assertions(2);
  });
});

describe('EndedSessions', () => {
  it('refuses an ended session until it would have expired, and only that session', () => {
    const sessions = new EndedSessions();
    expect(sessions.isEnded(S1, T0)).toBe(false);
    sessions.apply(ended(S1, T0, T0 + 60_000), T0);
    expect(sessions.isEnded(S1, T0)).toBe(true);
    expect(sessions.isEnded(S1, T0 + 59_999)).toBe(true);
    expect(sessions.isEnded(S2, T0)).toBe(false);
    // At its expiry the cookie is refused anyway: the entry no longer counts.
    expect(sessions.isEnded(S1, T0 + 60_000)).toBe(false);
  });

  it('is idempotent (a sign-out read twice, or applied here then read from the topic) and forgets expired entries', () => {
    const sessions = new EndedSessions();
    sessions.apply(ended(S1, T0, T0 + 60_000), T0);
    sessions.apply(ended(S1, T0, T0 + 60_000), T0 + 10);
    expect(sessions.size).toBe(1);
    // An event read after its session expired (a replay of the topic) is not kept at all.
    sessions.apply(ended(S2, T0, T0 + 1_000), T0 + 2_000);
    expect(sessions.size).toBe(1);
    // The next sign-out a minute on sweeps S1, expired by then.
    sessions.apply(ended(S2, T0 + 120_000, T0 + 600_000), T0 + 120_000);
    expect(sessions.size).toBe(1);
    expect(sessions.isEnded(S2, T0 + 120_000)).toBe(true);
  });

  it('is caught up once its reader has read the topic to its end, and stays so while the reader reads it again (broker lost)', () => {
    const reader = { caughtUp: false };
    const sessions = new EndedSessions(reader);
    expect(sessions.caughtUp).toBe(false);
    reader.caughtUp = true;
    expect(sessions.caughtUp).toBe(true);
    reader.caughtUp = false;
    expect(sessions.caughtUp).toBe(true);
  });
});
