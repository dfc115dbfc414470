import { validateEventInput } from '@hindsight/contracts';
import { simulateProductFeedback } from './product-feedback';

const start = new Date('2026-04-01T00:00:00Z');
const end = new Date('2026-07-01T00:00:00Z');
const options = { interactions: 400, seed: 3, modelVersion: 'policy-2026.06', start, end, keyPrefix: 'demo-q2' };

describe('simulateProductFeedback', () => {
  it('is deterministic for a seed and keeps every event inside the quarter', () => {
    const a = simulateProductFeedback(options);
    expect(simulateProductFeedback(options)).toEqual(a);
    expect(a.events.filter((e) => e.type === 'interaction.logged')).toHaveLength(400);
    for (const e of a.events) {
      const t = Date.parse(String(e.occurredAt));
      expect(t).toBeGreaterThanOrEqual(start.getTime());
      expect(t).toBeLessThan(end.getTime());
    }
    expect(new Set(a.events.map((e) => e.idempotencyKey)).size).toBe(a.events.length);
  });

  it('produces events the api accepts', () => {
    const { events } = simulateProductFeedback({ ...options, interactions: 50 });
    for (const e of events) expect(() => validateEventInput(e)).not.toThrow();
  });

  it('counts what it planted: reactions for some interactions, outcomes for about 70%', () => {
    const f = simulateProductFeedback(options);
    const feedback = f.events.filter((e) => e.type === 'feedback.recorded').length;
    expect(Object.values(f.reactions).reduce((s, n) => s + n, 0)).toBe(feedback);
    expect(f.outcomes).toBe(f.events.filter((e) => e.type === 'outcome.recorded').length);
    expect(f.outcomes / 400).toBeGreaterThan(0.6);
    expect(f.outcomes / 400).toBeLessThan(0.8);
    expect(f.successes).toBeGreaterThan(0);
    expect(f.successes).toBeLessThan(f.outcomes);
  });

  it('refuses a bad count or an empty quarter', () => {
    expect(() => simulateProductFeedback({ ...options, interactions: -1 })).toThrow(
      /interactions must be a non-negative integer/,
    );
    expect(() => simulateProductFeedback({ ...options, end: start })).toThrow(/end must be after start/);
  });
});
