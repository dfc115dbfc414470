import { toComparisonRecord, toRaterProfile } from './map-records';

const data = {
  taskId: 'task-1',
  taskType: 'coding-help',
  prompt: 'Reverse a string.',
  responses: [
    { id: 'r1', text: 's[::-1]', modelVersion: 'm-1' },
    { id: 'r2', text: 'Use a loop.', modelVersion: 'm-2' },
  ],
  shownOrder: ['r2', 'r1'],
  choice: { kind: 'preferred', responseId: 'r1' },
  objective: 'helpfulness',
  raterId: 'rater-7',
  guidelineVersion: 'v3',
  dwellTimeMs: 1000,
  locale: 'en',
  interfaceVersion: 'ui-2',
};
const at = new Date('2026-03-01T10:00:00.000Z');

describe('toComparisonRecord', () => {
  it('maps a stored comparison to the report record', () => {
    expect(toComparisonRecord({ id: 'e1', data, occurredAt: at, amendments: null })).toEqual({
      record: {
        id: 'e1',
        taskId: 'task-1',
        taskType: 'coding-help',
        objective: 'helpfulness',
        raterId: 'rater-7',
        guidelineVersion: 'v3',
        interfaceVersion: 'ui-2',
        prompt: 'Reverse a string.',
        responses: data.responses,
        shownOrder: ['r2', 'r1'],
        choice: 'r1',
        occurredAt: '2026-03-01T10:00:00.000Z',
      },
    });
  });

  it('applies corrections in order and leaves out a retracted comparison', () => {
    const corrected = toComparisonRecord({
      id: 'e1',
      data,
      occurredAt: at,
      amendments: [
        { type: 'annotation.corrected', data: { corrected: { choice: { kind: 'tie' } } } },
        {
          type: 'annotation.corrected',
          data: { corrected: { choice: { kind: 'preferred', responseId: 'r2' }, objective: 'honesty' } },
        },
      ],
    });
    expect(corrected).toMatchObject({ record: { choice: 'r2', objective: 'honesty' } });
    expect(
      toComparisonRecord({
        id: 'e1',
        data,
        occurredAt: at,
        amendments: [{ type: 'annotation.corrected', data: { corrected: { choice: { kind: 'tie' } } } }],
      }),
    ).toMatchObject({ record: { choice: 'tie' } });
    expect(
      toComparisonRecord({
        id: 'e1',
        data,
        occurredAt: at,
        amendments: [{ type: 'annotation.retracted', data: { reason: 'typo' } }],
      }),
    ).toEqual({ skipped: 'retracted' });
  });

  it('leaves out comparisons of more than two responses', () => {
    const three = {
      ...data,
      responses: [...data.responses, { id: 'r3', text: 'x', modelVersion: 'm-3' }],
      shownOrder: ['r1', 'r2', 'r3'],
    };
    expect(toComparisonRecord({ id: 'e2', data: three, occurredAt: at, amendments: [] })).toEqual({
      skipped: 'not-pairwise',
    });
  });
});

describe('toRaterProfile', () => {
  it('takes the highest expertise level, the opt-in group or no-group', () => {
    expect(
      toRaterProfile({
        raterId: 'r7',
        expertise: [
          { domain: 'medicine', level: 'novice' },
          { domain: 'python', level: 'expert' },
        ],
        languages: ['en', 'de'],
        region: 'DE',
        optInGroup: 'age-30-39',
      }),
    ).toEqual({ raterId: 'r7', expertise: 'expert', languages: ['en', 'de'], region: 'DE', group: 'age-30-39' });
    expect(toRaterProfile({ raterId: 'r8', expertise: [], languages: ['fr'], region: '150' })).toEqual({
      raterId: 'r8',
      expertise: 'unknown',
      languages: ['fr'],
      region: '150',
      group: 'no-group',
    });
  });
});
