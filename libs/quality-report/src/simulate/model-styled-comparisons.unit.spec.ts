import { validateEventInput } from '@hindsight/contracts';
import { simulatePopulation } from '@hindsight/quality';
import type { EventToSend } from '@hindsight/client';
import { modelStyledComparisons } from './model-styled-comparisons';

/** The comparison's data (the simulator yields nothing else): fails the spec otherwise. */
function comparisonData(event: EventToSend) {
  if (event.type !== 'comparison.recorded') throw new Error(`expected a comparison, got ${event.type}`);
  return event.data;
}

describe('modelStyledComparisons', () => {
  const options = { raters: 12, comparisons: 300, overlap: 2, seed: 7, modelStrengths: [0, 2, 4, 6] };

  it('marks every response text with the model version that wrote it, and the contracts accept each event', () => {
    const events = modelStyledComparisons(options, 'styled');
    expect(events).toHaveLength(300);
    for (const event of events) {
      expect(() => validateEventInput(event)).not.toThrow();
      const { responses } = comparisonData(event);
      for (const r of responses) expect(r.text.endsWith(` [${r.modelVersion}]`)).toBe(true);
    }
    expect(new Set(events.map((e) => e.idempotencyKey)).size).toBe(300);
    expect(events.every((e) => e.idempotencyKey?.startsWith('styled-cmp-'))).toBe(true);
  });

  it('keeps the simulated choices and texts of the same seed, only the version mark added', () => {
    const events = modelStyledComparisons(options, 'styled');
    const plain = simulatePopulation({ ...options, start: '2026-01-01T00:00:00Z', end: '2026-02-01T00:00:00Z' });
    const data = events.map(comparisonData);
    expect(data.map((d) => d.taskId)).toEqual(plain.comparisons.map((c) => c.taskId));
    expect(data.map((d) => d.responses[0].text)).toEqual(
      plain.comparisons.map((c) => `${c.responses[0].text} [${c.responses[0].modelVersion}]`),
    );
  });

  it('records every comparison before now', () => {
    const now = Date.now();
    for (const e of modelStyledComparisons(options, 'styled'))
      expect(Date.parse(e.occurredAt as string)).toBeLessThanOrEqual(now);
  });
});
