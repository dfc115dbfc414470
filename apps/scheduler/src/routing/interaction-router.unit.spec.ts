import { eventHeaders, ManualClock } from '@hindsight/contracts';
import type { PartitionBatch } from '@hindsight/kafka';
import {
  routingDraw,
  routingRuleChangedEvent,
  routingRuleCreatedEvent,
  stratifiedRates,
  type RoutingRuleSpec,
} from '@hindsight/routing';
import { createLogger } from '@hindsight/runtime';
import type { RoutableInteraction, RoutingRepository } from '@hindsight/store';
import { InteractionRouter } from './interaction-router';

/*
 * The router with its repository faked: which rate a stratified rule's version draws against.
 * The interactions here were recorded under revision 1 (stratified at 0.2) and are routed after
 * revision 2 replaced it (a router behind, or feedback arriving later touches them again).
 */
const RULE = '0190a000-0000-7000-8000-0000000000c1';
const TENANT = 'acme';
const ctx = (at: string, n: number) => ({
  eventId: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  tenant: TENANT,
  source: 'cli',
  at: new Date(at),
});
const spec = (sampling: RoutingRuleSpec['sampling']): RoutingRuleSpec => ({
  name: 'stratified',
  filter: {},
  sampling,
  action: { kind: 'review' },
});
const CELL = 'b|-|en|0-99';
const counts = {
  production: new Map([
    ['a|-|en|0-99', 900],
    [CELL, 100],
  ]),
  annotated: new Map([['a|-|en|0-99', 100]]),
};
const ids = Array.from({ length: 60 }, (_, i) => `b-${i}`);
const facts = (id: string): RoutableInteraction => ({
  interactionId: id,
  modelVersion: 'm-1',
  surface: null,
  locale: 'en',
  objective: 'b',
  promptChars: 12,
  feedbackKinds: [],
  outcomes: [],
  recordedAt: '2026-10-02T00:00:00.000Z',
});
const batch: PartitionBatch = {
  topic: 'deployment',
  partition: 0,
  highWatermark: String(ids.length),
  messages: ids.map((id, i) => ({
    topic: 'deployment',
    partition: 0,
    offset: String(i),
    key: Buffer.from(id),
    value: null,
    headers: eventHeaders({ type: 'interaction.logged', version: 2, tenant: TENANT }),
    timestamp: '0',
  })),
};

/** The rates of the `routing.interaction-routed` events the router publishes for `batch`, by interaction. */
async function routedRates(revision2: RoutingRuleSpec['sampling']): Promise<Map<string, number>> {
  const events = [
    routingRuleCreatedEvent(RULE, spec({ mode: 'stratified', rate: 0.2 }), ctx('2026-10-01T00:00:00Z', 1)),
    routingRuleChangedEvent(RULE, 2, spec(revision2), ctx('2026-10-05T00:00:00Z', 2)),
  ];
  const repository = {
    ruleEvents: async () => events,
    interactions: async (_tenant: string, wanted: readonly string[]) => wanted.map(facts),
    cellCounts: async () => counts,
    knownDecisions: async () => new Set<string>(),
    pairFor: async () => undefined,
    saveOffsets: async () => undefined,
  } as unknown as RoutingRepository;
  const published = new Map<string, number>();
  const router = new InteractionRouter({
    repository,
    publish: async (messages) => {
      for (const m of messages) {
        const data = (JSON.parse(m.value) as { data: { interactionId: string; rate: number } }).data;
        published.set(data.interactionId, data.rate);
      }
    },
    projectorCaughtUp: async () => undefined,
    groupId: 'router',
    topicPrefix: 'test.',
    stratifiedWindowDays: 7,
    clock: new ManualClock('2026-10-06T00:00:00Z'),
    logger: createLogger('router-test', 'warn'),
  });
  await router.apply(batch);
  return published;
}

describe('InteractionRouter, a stratified version replaced since', () => {
  // Revision 1's cell rate: budget 0.2 · 1000 = 200, A = 100; deficits a 0.9 · 300 − 100 = 170, b 0.1 · 300 = 30,
  // so b gets 200 · 30 / 200 / 100 = 0.3. Revision 2's rate (0.01 uniform, or 0.5 stratified: b 0.6) must not apply.
  const rate1 = stratifiedRates({ ...counts, rate: 0.2 }).rateOf(CELL);
  const expected = ids.filter((id) => routingDraw(RULE, id) < rate1);

  it('draws against the cell rate of the version in force at recording', () => {
    expect(rate1).toBeCloseTo(0.3, 12);
    // The ids tell the rates apart: some draws fall in [0.2, 0.3) and some in [0.3, 0.6).
    expect(ids.some((id) => routingDraw(RULE, id) >= 0.2 && routingDraw(RULE, id) < 0.3)).toBe(true);
    expect(ids.some((id) => routingDraw(RULE, id) >= 0.3 && routingDraw(RULE, id) < 0.6)).toBe(true);
  });
  it('when revision 2 is uniform', async () => {
    const routed = await routedRates({ mode: 'uniform', rate: 0.01 });
    expect([...routed.keys()].sort()).toEqual([...expected].sort());
    for (const rate of routed.values()) expect(rate).toBeCloseTo(rate1, 12);
  });
  it('when revision 2 is stratified at another rate', async () => {
    const routed = await routedRates({ mode: 'stratified', rate: 0.5 });
    expect([...routed.keys()].sort()).toEqual([...expected].sort());
    for (const rate of routed.values()) expect(rate).toBeCloseTo(rate1, 12);
  });
});
