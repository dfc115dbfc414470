import { MODEL_SIGNATURES, planAnnotation } from './annotation-plan';
import { demoCalendar } from './demo-calendar';

const { quarters } = demoCalendar(new Date('2026-11-29T12:00:00Z'), 'UTC');

describe('planAnnotation', () => {
  const plan = planAnnotation({ raters: 40, comparisonsPerQuarter: 500, seed: 7, quarters });

  it('sends the profiles first and cuts the comparisons at the quarter boundary', () => {
    const [a, b] = plan.events;
    expect(a.slice(0, 40).every((e) => e.type === 'rater.profiled')).toBe(true);
    expect(b.every((e) => e.type === 'comparison.recorded')).toBe(true);
    expect(plan.comparisons[0] + plan.comparisons[1]).toBe(1000);
    // Whole tasks go to one quarter or the other, about half the judgments each.
    expect(plan.comparisons[0]).toBeGreaterThanOrEqual(500);
    expect(plan.comparisons[0]).toBeLessThan(560);
    const tasks = (events: typeof a) =>
      new Set(events.flatMap((e) => (e.type === 'comparison.recorded' ? [e.data.taskId] : [])));
    const [tasksA, tasksB] = [tasks(a), tasks(b)];
    expect([...tasksA].filter((t) => tasksB.has(t))).toEqual([]);
    const times = (events: typeof a) =>
      events.filter((e) => e.type === 'comparison.recorded').map((e) => Date.parse(String(e.occurredAt)));
    expect(Math.max(...times(a))).toBeLessThan(quarters[1].start.getTime());
    expect(Math.min(...times(a))).toBeGreaterThanOrEqual(quarters[0].start.getTime());
    expect(Math.min(...times(b))).toBeGreaterThanOrEqual(quarters[1].start.getTime());
    expect(Math.max(...times(b))).toBeLessThan(quarters[1].end.getTime());
  });

  it('plants the default shares of biased raters and keeps one truth for both quarters', () => {
    const counts: Record<string, number> = {};
    for (const b of Object.values(plan.planted)) counts[b] = (counts[b] ?? 0) + 1;
    expect(counts).toEqual({ none: 28, 'position-bias': 4, 'length-bias': 4, spammer: 2, 'group-conflict': 2 });
    expect(plan.models).toEqual({ 'chat-v1': 0, 'chat-v2': 0.5, 'chat-v3': 1, 'chat-v4': 1.5 });
  });

  it('ends every response with the signature of the model version that wrote it', () => {
    for (const e of plan.events[1]) {
      if (e.type !== 'comparison.recorded') throw new Error('expected comparisons only');
      for (const r of e.data.responses)
        expect(r.text.endsWith(MODEL_SIGNATURES[r.modelVersion as keyof typeof MODEL_SIGNATURES])).toBe(true);
    }
  });

  it('is deterministic, with idempotency keys that do not repeat', () => {
    expect(planAnnotation({ raters: 40, comparisonsPerQuarter: 500, seed: 7, quarters })).toEqual(plan);
    const keys = [...plan.events[0], ...plan.events[1]].map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
