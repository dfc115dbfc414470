import { ValidationError } from '@hindsight/contracts';
import { binomialCentralInterval } from './binomial-interval';
import { decideRouting } from './decide-routing';
import { matchesRoutingFilter, promptLengthBucket, routingCellOf, type InteractionFacts } from './interaction-facts';
import { routingDecisionId, routingDraw } from './routing-draw';
import {
  interactionRoutedEvent,
  routingRuleChangedEvent,
  routingRuleCreatedEvent,
  routingRulePausedEvent,
} from './routing-events';
import { routingRulesOf, ruleVersionAt } from './routing-rules';
import { stratifiedRates } from './stratified-rates';

const RULE = '0190a000-0000-7000-8000-0000000000b1';
const ctx = (at: string, n = 1) => ({
  eventId: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  tenant: 'acme',
  source: 'cli',
  at: new Date(at),
});
const facts = (over: Partial<InteractionFacts> = {}): InteractionFacts => ({
  interactionId: 'chat-1',
  modelVersion: 'm-1',
  surface: 'checkout',
  locale: 'en',
  objective: 'helpfulness',
  promptChars: 120,
  feedbackKinds: [],
  outcomes: [],
  recordedAt: '2026-10-02T00:00:00.000Z',
  ...over,
});
const spec = (rate = 1) => ({
  name: 'all',
  filter: {},
  sampling: { mode: 'uniform' as const, rate },
  action: { kind: 'review' as const },
});

describe('binomialCentralInterval', () => {
  // Truth: the 0.5 % and 99.5 % quantiles of Binomial(5000, 0.1) (qbinom's definition: the smallest k with
  // P(X ≤ k) ≥ q), 446 and 555, computed independently from the pmf with Python's math.lgamma; the normal
  // approximation n·p ± z₀.₉₉₅·√(n·p·(1−p)) = 500 ± 54.64 (Wald) agrees to one count.
  it('is [446, 555] for 5000 draws at 10 % and 99 %', () => {
    expect(binomialCentralInterval(5000, 0.1, 0.99)).toEqual({ lo: 446, hi: 555 });
  });
  it('is [0, 0] and [n, n] at the extremes, and narrows with the level', () => {
    expect(binomialCentralInterval(10, 0, 0.99)).toEqual({ lo: 0, hi: 0 });
    expect(binomialCentralInterval(10, 1, 0.99)).toEqual({ lo: 10, hi: 10 });
    const wide = binomialCentralInterval(1000, 0.5, 0.99);
    const narrow = binomialCentralInterval(1000, 0.5, 0.5);
    expect(narrow.lo).toBeGreaterThan(wide.lo);
    expect(narrow.hi).toBeLessThan(wide.hi);
  });
  it('names itself on bad input', () => {
    expect(() => binomialCentralInterval(-1, 0.5, 0.9)).toThrow(/binomialCentralInterval: n/);
    expect(() => binomialCentralInterval(10, 2, 0.9)).toThrow(/binomialCentralInterval: p/);
  });
});

describe('routingDraw', () => {
  it('is the same for the same (rule, interaction), different across rules, and uniform', () => {
    expect(routingDraw(RULE, 'chat-1')).toBe(routingDraw(RULE, 'chat-1'));
    expect(routingDraw(RULE, 'chat-1')).not.toBe(routingDraw('0190a000-0000-7000-8000-0000000000b2', 'chat-1'));
    const n = 20000;
    let below = 0;
    for (let i = 0; i < n; i++) if (routingDraw(RULE, `i-${i}`) < 0.1) below++;
    const { lo, hi } = binomialCentralInterval(n, 0.1, 0.999);
    expect(below).toBeGreaterThanOrEqual(lo);
    expect(below).toBeLessThanOrEqual(hi);
  });
  it('gives a decision id of rt- and 40 hex digits', () => {
    expect(routingDecisionId(RULE, 'chat-1')).toMatch(/^rt-[0-9a-f]{40}$/);
  });
});

describe('matchesRoutingFilter', () => {
  it('needs every named field (AND), any listed value (OR)', () => {
    expect(matchesRoutingFilter({}, facts())).toBe(true);
    expect(matchesRoutingFilter({ surfaces: ['checkout', 'help'] }, facts())).toBe(true);
    expect(matchesRoutingFilter({ surfaces: ['help'] }, facts())).toBe(false);
    expect(matchesRoutingFilter({ surfaces: ['checkout'] }, facts({ surface: null }))).toBe(false);
    expect(matchesRoutingFilter({ modelVersions: ['m-2'] }, facts())).toBe(false);
    expect(matchesRoutingFilter({ locales: ['en'], objectives: ['helpfulness'] }, facts())).toBe(true);
    expect(matchesRoutingFilter({ objectives: ['honesty'] }, facts())).toBe(false);
  });
  it('matches feedback kinds, outcomes (with success) and the prompt length range', () => {
    expect(matchesRoutingFilter({ feedbackKinds: ['thumbs-down'] }, facts())).toBe(false);
    expect(
      matchesRoutingFilter({ feedbackKinds: ['thumbs-down'] }, facts({ feedbackKinds: ['copy', 'thumbs-down'] })),
    ).toBe(true);
    const resolved = facts({ outcomes: [{ outcome: 'ticket-resolved', success: false }] });
    expect(matchesRoutingFilter({ outcomes: [{ outcome: 'ticket-resolved' }] }, resolved)).toBe(true);
    expect(matchesRoutingFilter({ outcomes: [{ outcome: 'ticket-resolved', success: true }] }, resolved)).toBe(false);
    expect(matchesRoutingFilter({ promptLength: { min: 100, max: 120 } }, facts())).toBe(true);
    expect(matchesRoutingFilter({ promptLength: { max: 119 } }, facts())).toBe(false);
  });
  it('puts prompts in length buckets and cells', () => {
    expect([0, 99, 100, 499, 500, 1999, 2000].map(promptLengthBucket)).toEqual([
      '0-99',
      '0-99',
      '100-499',
      '100-499',
      '500-1999',
      '500-1999',
      '2000+',
    ]);
    expect(routingCellOf(facts({ locale: null }))).toBe('helpfulness|checkout|-|100-499');
  });
});

describe('routing rules from their events', () => {
  const created = routingRuleCreatedEvent(RULE, spec(1), ctx('2026-10-01T00:00:00Z'));
  const paused = routingRulePausedEvent(RULE, 2, ctx('2026-10-03T00:00:00Z', 2));
  const changed = routingRuleChangedEvent(RULE, 3, { ...spec(0), name: 'none' }, ctx('2026-10-05T00:00:00Z', 3));
  const rules = routingRulesOf([created, paused, changed]);
  const rule = rules.get(RULE)!;

  it('keep each version with the span it applies to', () => {
    expect(rule.status).toBe('active');
    expect(rule.revision).toBe(3);
    expect(ruleVersionAt(rule, '2026-09-30T00:00:00Z')).toBeUndefined();
    expect(ruleVersionAt(rule, '2026-10-02T00:00:00Z')?.revision).toBe(1);
    expect(ruleVersionAt(rule, '2026-10-04T00:00:00Z')).toBeUndefined(); // paused
    expect(ruleVersionAt(rule, '2026-10-06T00:00:00Z')?.name).toBe('none');
  });
  it('ignore an event seen again', () => {
    expect(routingRulesOf([created, paused, changed, paused, created]).get(RULE)).toEqual(rule);
  });
  it('route by the version in force when the interaction was recorded', () => {
    expect(decideRouting(rule, facts())?.ruleRevision).toBe(1);
    expect(decideRouting(rule, facts({ recordedAt: '2026-10-04T00:00:00.000Z' }))).toBeUndefined();
    expect(decideRouting(rule, facts({ recordedAt: '2026-10-06T00:00:00.000Z' }))).toBeUndefined(); // rate 0
  });
  it('refuse a bad spec naming the field', () => {
    let error: unknown;
    try {
      routingRuleCreatedEvent(RULE, { ...spec(), sampling: { mode: 'uniform', rate: 2 } }, ctx('2026-10-01T00:00:00Z'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify((error as ValidationError).issues)).toContain('sampling.rate');
  });
  it('make a routed event keyed by the decision id', () => {
    const decision = decideRouting(rule, facts())!;
    const event = interactionRoutedEvent(
      decision,
      facts(),
      { unpaired: true },
      { ...ctx('2026-10-02T00:00:01Z'), source: 'scheduler' },
    );
    expect(event.idempotencyKey).toBe(decision.decisionId);
    expect(event.data).toMatchObject({ action: 'review', unpaired: true, cell: 'helpfulness|checkout|en|100-499' });
  });
});

describe('stratifiedRates', () => {
  it('spends the uniform budget on the under-represented cells', () => {
    const production = new Map([
      ['a', 900],
      ['b', 100],
    ]);
    const { rates, rateOf } = stratifiedRates({ production, annotated: new Map([['a', 100]]), rate: 0.1 });
    // Deficits: a 0.9·200 − 100 = 80, b 0.1·200 − 0 = 20; budget 100 split 80:20 over 900 and 100 interactions.
    expect(rates.get('a')).toBeCloseTo(80 / 900, 12);
    expect(rates.get('b')).toBeCloseTo(0.2, 12);
    expect(900 * rates.get('a')! + 100 * rates.get('b')!).toBeCloseTo(100, 9); // the same budget as uniform 10 %
    expect(rateOf('unseen')).toBe(0.1);
  });
  it('is uniform when the annotations already have production mix, and capped by maxRate', () => {
    const production = new Map([
      ['a', 500],
      ['b', 500],
    ]);
    expect([
      ...stratifiedRates({
        production,
        annotated: new Map([
          ['a', 50],
          ['b', 50],
        ]),
        rate: 0.2,
      }).rates.values(),
    ]).toEqual([0.2, 0.2]);
    const capped = stratifiedRates({
      production: new Map([
        ['a', 990],
        ['b', 10],
      ]),
      annotated: new Map([['a', 1000]]),
      rate: 0.5,
      maxRate: 0.6,
    });
    expect(capped.rates.get('b')).toBe(0.6);
  });
  it('names itself on bad input', () => {
    expect(() => stratifiedRates({ production: new Map(), annotated: new Map(), rate: 2 })).toThrow(
      /stratifiedRates: rate/,
    );
  });
});
