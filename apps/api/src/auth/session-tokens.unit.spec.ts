import { EndedSessions, sessionEndedEvent } from '@hindsight/access';
import { UnavailableError } from '@hindsight/contracts';
import { SessionTokens } from './session-tokens';

const T0 = Date.parse('2026-03-01T09:00:00.000Z');
const KEY = '5b0e6f0a-2b1c-4d3e-9f80-1a2b3c4d5e6f';
const TTL = 3_600_000;
const at = (t: number) => () => t;

describe('SessionTokens', () => {
  it('issues a token whose claims verify until its expiry, with a hex session id', async () => {
    const tokens = new SessionTokens('a-secret-of-thirty-two-characters-or-more', TTL, new EndedSessions());
    const { token, claims } = tokens.issue(KEY, T0);
    expect(claims).toEqual({ keyId: KEY, sessionId: expect.stringMatching(/^[0-9a-f]{32}$/), expiresAt: T0 + TTL });
    expect(await tokens.verify(token, at(T0 + 1))).toEqual(claims);
    expect(await tokens.verify(token, at(T0 + TTL))).toBeUndefined();
    // Another process with the same secret accepts it; one with another secret does not.
    expect(
      await new SessionTokens('a-secret-of-thirty-two-characters-or-more', TTL, new EndedSessions()).verify(
        token,
        at(T0),
      ),
    ).toEqual(claims);
    expect(
      await new SessionTokens('another-secret-of-thirty-two-characters', TTL, new EndedSessions()).verify(
        token,
        at(T0),
      ),
    ).toBeUndefined();
  });

  it('refuses a session once its session.ended was read, and no other session of the key', async () => {
    const ended = new EndedSessions();
    const tokens = new SessionTokens('', TTL, ended);
    const one = tokens.issue(KEY, T0);
    const two = tokens.issue(KEY, T0);
    ended.apply(
      sessionEndedEvent({
        eventId: '0190a000-0000-7000-8000-0000000000e2',
        tenant: 'acme',
        sessionId: one.claims.sessionId,
        keyId: KEY,
        endedAt: T0 + 5,
        expiresAt: one.claims.expiresAt,
      }),
      T0 + 5,
    );
    expect(await tokens.verify(one.token, at(T0 + 6))).toBeUndefined();
    // Signed, unexpired: what sign-out reads to end it (again).
    expect(tokens.signedClaims(one.token, T0 + 6)).toEqual(one.claims);
    expect(await tokens.verify(two.token, at(T0 + 6))).toEqual(two.claims);
  });

  it('refuses a signed token whose session id is of the older form (it could not be signed out everywhere)', async () => {
    const tokens = new SessionTokens('s', TTL, new EndedSessions());
    const { createHmac } = await import('node:crypto');
    const payload = Buffer.from(JSON.stringify({ k: KEY, s: 'AbC-_12345678901', e: T0 + TTL })).toString('base64url');
    const token = `${payload}.${createHmac('sha256', Buffer.from('s')).update(payload).digest('base64url')}`;
    expect(tokens.signedClaims(token, T0)).toBeUndefined();
  });

  it('waits for the configuration topic to be read before it trusts a session, then answers 503 when that takes over 10 s', async () => {
    const reader = { caughtUp: false };
    const tokens = new SessionTokens('', TTL, new EndedSessions(reader));
    const { token, claims } = tokens.issue(KEY, T0);
    let clock = T0;
    const pending = tokens.verify(token, () => clock);
    clock += 2_000;
    reader.caughtUp = true;
    expect(await pending).toEqual(claims);

    // Once read, a reader reading the topic again (the broker was lost) does not make it wait.
    reader.caughtUp = false;
    expect(await tokens.verify(token, at(T0 + 3_000))).toEqual(claims);

    // A reader that never gets there: each look at the clock moves it 1 s on, so the 10 s pass after a few polls.
    const stuck = new SessionTokens('', TTL, new EndedSessions({ caughtUp: false }));
    const issued = stuck.issue(KEY, T0);
    let ticking = T0;
    await expect(stuck.verify(issued.token, () => (ticking += 1_000))).rejects.toThrow(UnavailableError);
    // A bad token is refused without waiting.
    expect(await stuck.verify('nope', () => (ticking += 1_000))).toBeUndefined();
  });
});
