import { validateEventInput } from '@hindsight/contracts';
import { detectDatasetFormats } from './dataset-formats';
import { FORMAT_DEFAULTS, type FormatOptions } from './format-options';
import { groupRatingRows, ratings } from './ratings';

const options: FormatOptions = { dataset: 'demo', ...FORMAT_DEFAULTS };
const row = (dimension: string, score: number, over: Record<string, unknown> = {}) => ({
  prompt: 'P',
  response: 'R',
  objective: 'helpfulness',
  dimension,
  score,
  scale_min: 1,
  scale_max: 7,
  ...over,
});
const rows = (...records: unknown[]) => records.map((record, i) => ({ record, row: i, line: i + 1 }));

describe('ratings (the ratings export, one row per dimension)', () => {
  it('groups the rows of one prompt, response and objective into one rating with a score per dimension', () => {
    const out = groupRatingRows(
      rows(row('accuracy', 6), row('clarity', 5.5), row('accuracy', 2, { response: 'S' })),
      options,
    );
    expect(out.map((o) => o.row)).toEqual([0, 2]);
    const [first, second] = out.map((o) => o.result.comparisons[0].event);
    expect(first).toEqual({
      type: 'rating.recorded',
      idempotencyKey: 'import:demo:0:rating',
      data: {
        taskId: 'demo-0',
        taskType: 'chat',
        prompt: 'P',
        response: { id: 'response', text: 'R', modelVersion: 'unknown' },
        scale: { min: 1, max: 7 },
        scores: { accuracy: 6, clarity: 5.5 },
        objective: 'helpfulness',
        raterId: 'import-demo',
        guidelineVersion: 'imported',
        dwellTimeMs: 0,
        locale: 'en',
      },
    });
    expect(second.data).toMatchObject({ taskId: 'demo-2', scores: { accuracy: 2 } });
    for (const o of out) expect(() => validateEventInput(o.result.comparisons[0].event)).not.toThrow();
  });

  it('starts another rating when a dimension comes again (two ratings of one response), and keeps a rater id column', () => {
    const out = groupRatingRows(
      rows(
        row('accuracy', 6),
        row('accuracy', 3),
        row('clarity', 5),
        row('clarity', 4),
        row('accuracy', 1, { rater_id: 'r7' }),
      ),
      options,
    );
    expect(out.map((o) => o.result.comparisons[0].event.data)).toEqual([
      expect.objectContaining({ scores: { accuracy: 6, clarity: 5 }, raterId: 'import-demo' }),
      expect.objectContaining({ scores: { accuracy: 3, clarity: 4 } }),
      expect.objectContaining({ scores: { accuracy: 1 }, raterId: 'r7' }),
    ]);
  });

  it('refuses a row with a missing score or a fractional scale, naming the field; the others still group', () => {
    const out = groupRatingRows(
      rows(row('accuracy', 6), { ...row('clarity', 5), score: 'high' }, row('tone', 3, { scale_min: 0.5 })),
      options,
    );
    expect(out.map((o) => [o.row, o.result.rejections.flatMap((r) => r.issues.map((i) => i.path))])).toEqual([
      [0, []],
      [1, ['score']],
      [2, ['scale_min']],
    ]);
    expect(ratings.read(row('accuracy', 4), 0, options).comparisons).toHaveLength(1);
  });

  it('is detected from its columns', () => {
    expect(detectDatasetFormats(row('accuracy', 6))).toEqual(['ratings']);
  });
});
