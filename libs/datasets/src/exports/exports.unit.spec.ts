import { normaliseRecipe } from '../recipe/dataset-recipe';
import { exportColumns } from './export-columns';
import { ktoRow, ratingRows, trlConversationalRow, trlPreferenceRow } from './export-rows';
import { buildInteractionSignals, type SourceInteraction, type SourceSignal } from './interaction-signals';
import { outcomeKtoLabel, ratingKtoLabel } from './kto-label';
import { promptMessages } from './prompt-messages';
import { hashedRaterId, raterColumns } from './rater-columns';
import { applyRatingAmendments, type SourceRating } from './rating-signals';

const at = '2026-09-01T00:00:00.000Z';
const feedback = (eventId: string, kind: string, correctedResponse?: string, occurredAt = at): SourceSignal => ({
  eventId,
  type: 'feedback.recorded',
  occurredAt,
  data: { kind, ...(correctedResponse !== undefined ? { correctedResponse } : {}) },
});
const interaction = (signals: SourceSignal[]): SourceInteraction => ({
  interactionId: 'i1',
  prompt: 'Q?',
  response: 'A.',
  userId: 'u1',
  signals,
});
const context = { window: {}, outcomeValueThresholds: { 'latency-ms': 100 } };

describe('TRL rows', () => {
  // Layouts from TRL's documentation, "Dataset formats and types": standard preference {prompt, chosen, rejected};
  // conversational preference with lists of {role, content}; unpaired preference {prompt, completion, label}.
  it('writes standard and conversational preference rows and KTO rows with TRL or OpenRLHF keys', () => {
    const pair = { prompt: 'The sky is', chosen: ' blue.', rejected: ' green.' };
    expect(JSON.stringify(trlPreferenceRow(pair))).toBe(
      '{"prompt":"The sky is","chosen":" blue.","rejected":" green."}',
    );
    expect(trlConversationalRow(pair)).toEqual({
      prompt: [{ role: 'user', content: 'The sky is' }],
      chosen: [{ role: 'assistant', content: ' blue.' }],
      rejected: [{ role: 'assistant', content: ' green.' }],
    });
    expect(JSON.stringify(ktoRow('trl', 'The sky is', ' blue.', true))).toBe(
      '{"prompt":"The sky is","completion":" blue.","label":true}',
    );
    // OpenRLHF openrlhf/cli/train_kto.py: --input_key input, --output_key, --label_key label.
    expect(JSON.stringify(ktoRow('openrlhf', 'The sky is', ' blue.', false))).toBe(
      '{"input":"The sky is","output":" blue.","label":false}',
    );
    expect(exportColumns('kto', normaliseRecipe({ keyNames: 'openrlhf' })).map((c) => c.name)).toEqual([
      'input',
      'output',
      'label',
    ]);
    expect(
      exportColumns('trl-conversational', normaliseRecipe({ raterColumns: { id: true, profile: true } })).map(
        (c) => `${c.name}:${c.kind}`,
      ),
    ).toEqual([
      'prompt:messages',
      'chosen:messages',
      'rejected:messages',
      'rater_id:string',
      'rater_group:string',
      'rater_region:string',
    ]);
  });

  it('gives back an imported conversation, turns an HH-RLHF transcript into its turns, and leaves any other prompt one user message', () => {
    expect(promptMessages('\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Tell me a joke.\n\nAssistant:')).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Tell me a joke.' },
    ]);
    expect(promptMessages('[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]')).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(promptMessages('Human: not a transcript')).toEqual([{ role: 'user', content: 'Human: not a transcript' }]);
  });

  it('writes one rating row per dimension, sorted, and hashed rater columns only on request', () => {
    const rows = ratingRows(
      {
        prompt: 'P',
        response: 'R',
        objective: 'honesty',
        scale: { min: 1, max: 7 },
        scores: { clarity: 5.5, accuracy: 6 },
      },
      raterColumns({ id: true, profile: false }, 'acme', 'rater-7', undefined),
    );
    expect(rows.map((r) => [r.dimension, r.score, r.rater_id])).toEqual([
      ['accuracy', 6, hashedRaterId('acme', 'rater-7')],
      ['clarity', 5.5, hashedRaterId('acme', 'rater-7')],
    ]);
    expect(hashedRaterId('acme', 'rater-7')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashedRaterId('acme', 'rater-7')).not.toBe(hashedRaterId('other', 'rater-7'));
    expect(raterColumns({ id: false, profile: false }, 'acme', 'rater-7', undefined)).toEqual({});
    expect(raterColumns({ id: false, profile: true }, 'acme', 'u1', undefined)).toEqual({
      rater_group: null,
      rater_region: null,
    });
  });
});

describe('KTO labels', () => {
  it('labels a rating by its mean score scaled to its scale, with a band that gives no row', () => {
    const t = { ratingDesirableAtLeast: 0.6, ratingUndesirableBelow: 0.4 };
    expect(ratingKtoLabel({ a: 7, b: 5 }, { min: 1, max: 7 }, t)).toBe(true); // mean 6 → 5/6
    expect(ratingKtoLabel({ a: 1, b: 2 }, { min: 1, max: 7 }, t)).toBe(false);
    expect(ratingKtoLabel({ a: 4 }, { min: 1, max: 7 }, t)).toBeNull(); // 0.5
    expect(
      ratingKtoLabel({ a: 4 }, { min: 1, max: 7 }, { ratingDesirableAtLeast: 0.5, ratingUndesirableBelow: 0.5 }),
    ).toBe(true);
    expect(() => ratingKtoLabel({}, { min: 1, max: 7 }, t)).toThrow(/^ratingKtoLabel:/);
  });

  it('labels an outcome by success, else by its value against the recipe threshold', () => {
    expect(outcomeKtoLabel({ outcome: 'tests-passed', success: false, value: 1000 }, { 'tests-passed': 1 })).toBe(
      false,
    );
    expect(outcomeKtoLabel({ outcome: 'latency-ms', value: 100 }, { 'latency-ms': 100 })).toBe(true);
    expect(outcomeKtoLabel({ outcome: 'latency-ms', value: 99 }, { 'latency-ms': 100 })).toBe(false);
    expect(outcomeKtoLabel({ outcome: 'revenue', value: 5 }, {})).toBeNull();
  });
});

describe('buildInteractionSignals', () => {
  it('thumbs up is true, thumbs down false, and the latest thumb counts once', () => {
    expect(buildInteractionSignals(interaction([feedback('e1', 'thumbs-up')]), context).kto).toEqual([
      { source: 'thumbs', prompt: 'Q?', completion: 'A.', label: true, userId: 'u1' },
    ]);
    expect(
      buildInteractionSignals(
        interaction([feedback('e1', 'thumbs-up'), feedback('e2', 'thumbs-down')]),
        context,
      ).kto.map((k) => k.label),
    ).toEqual([false]);
    expect(
      buildInteractionSignals(interaction([feedback('e1', 'copy'), feedback('e2', 'free-text')]), context).kto,
    ).toEqual([]);
  });

  it('makes each distinct correction one pair, corrected response chosen, and skips one equal to the response', () => {
    const { corrections, kto } = buildInteractionSignals(
      interaction([
        feedback('e1', 'correction', 'Better.'),
        feedback('e2', 'correction', 'Better.'),
        feedback('e3', 'correction', 'A.'),
        feedback('e4', 'correction', 'Best.'),
      ]),
      context,
    );
    expect(corrections).toEqual([
      { id: 'correction:e1', prompt: 'Q?', chosen: 'Better.', rejected: 'A.', userId: 'u1' },
      { id: 'correction:e4', prompt: 'Q?', chosen: 'Best.', rejected: 'A.', userId: 'u1' },
    ]);
    expect(kto).toEqual([]);
  });

  it('labels the latest of each outcome, in name order, and ignores signals outside the window', () => {
    const outcome = (
      eventId: string,
      data: { outcome: string; success?: boolean; value?: number },
      occurredAt = at,
    ): SourceSignal => ({ eventId, type: 'outcome.recorded', occurredAt, data });
    const { kto } = buildInteractionSignals(
      interaction([
        outcome('o1', { outcome: 'tests-passed', success: false }),
        outcome('o2', { outcome: 'latency-ms', value: 50 }),
        outcome('o3', { outcome: 'tests-passed', success: true }),
        feedback('e1', 'thumbs-up', undefined, '2025-01-01T00:00:00.000Z'),
      ]),
      { ...context, window: { from: '2026-01-01T00:00:00.000Z' } },
    );
    expect(kto.map((k) => [k.source, k.label])).toEqual([
      ['outcome', false],
      ['outcome', true],
    ]);
  });
});

describe('applyRatingAmendments', () => {
  it('replaces scores, scale and objective in order, and retracts', () => {
    const rating: SourceRating = {
      annotationId: 'a1',
      taskId: 't1',
      objective: 'honesty',
      raterId: 'r1',
      prompt: 'P',
      response: { id: 'r1', text: 'R', modelVersion: 'm' },
      scale: { min: 1, max: 7 },
      scores: { a: 1 },
      occurredAt: at,
      amendments: [
        { kind: 'corrected', changes: { scale: { min: 0, max: 1 }, scores: { a: 0.9, b: 0.8 } } },
        { kind: 'corrected', changes: { objective: 'helpfulness' } },
      ],
    };
    expect(applyRatingAmendments(rating)).toMatchObject({
      scale: { min: 0, max: 1 },
      scores: { a: 0.9, b: 0.8 },
      objective: 'helpfulness',
      retracted: false,
    });
    expect(applyRatingAmendments({ ...rating, amendments: [{ kind: 'retracted', reason: 'x' }] }).retracted).toBe(true);
  });
});
