import {
  exampleEventInputs,
  parseEvent,
  sealEvent,
  validateEventInput,
  type HindsightEvent,
} from '@hindsight/contracts';
import { planProjection } from './plan-projection';

const sealed = (input: unknown) =>
  sealEvent(validateEventInput(input), {
    id: '0190a000-0000-7000-8000-00000000000c',
    recordedAt: '2026-04-01T00:00:00.000Z',
    tenant: 'acme',
    source: 'api',
  }) as HindsightEvent;

describe('planProjection: comparison rows', () => {
  it('keeps the rubric scores and comment of a comparison.recorded v2', () => {
    const input = structuredClone(exampleEventInputs['comparison.recorded']);
    const event = sealed({
      ...input,
      data: { ...input.data, rubric: { accuracy: 4, clarity: 2 }, comment: 'r1 handles unicode' },
    });
    expect(planProjection([event]).comparisons).toEqual([
      expect.objectContaining({
        annotationId: event.id,
        rubric: { accuracy: 4, clarity: 2 },
        comment: 'r1 handles unicode',
      }),
    ]);
  });

  it('writes an empty rubric and a null comment for a comparison without them, and for a stored v1 one read back (upcast)', () => {
    const v2 = sealed(exampleEventInputs['comparison.recorded']);
    const v1 = parseEvent(
      JSON.parse(JSON.stringify(sealed({ ...exampleEventInputs['comparison.recorded'], version: 1 }))),
    );
    expect(v1.version).toBe(2);
    expect(planProjection([v2, v1]).comparisons.map((r) => [r.rubric, r.comment])).toEqual([
      [{}, null],
      [{}, null],
    ]);
  });
});
