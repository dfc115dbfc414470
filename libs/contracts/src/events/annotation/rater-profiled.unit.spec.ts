import { ValidationError } from '../../errors/hindsight-error';
import { parseEvent, sealEvent, validateEventInput } from '../../registry/event-registry';

const person = { raterId: 'rater-7', expertise: [], languages: ['en'], region: 'DE' };
const context = {
  id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  recordedAt: '2026-03-01T10:00:00.000Z',
  tenant: 'acme',
  source: 'api',
};
const profile = (data: Record<string, unknown>) =>
  validateEventInput({ type: 'rater.profiled', idempotencyKey: 'k', data });
const issues = (data: Record<string, unknown>) => {
  try {
    profile(data);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues.map((i) => `${i.path}: ${i.rule}`);
    throw error;
  }
  return [];
};

describe('rater.profiled v2: people and AI judges', () => {
  it('takes a person without a kind (human by default) and a model judge with its model and prompt or constitution', () => {
    expect(profile(person)).toMatchObject({ version: 2, data: person });
    expect(
      profile({ ...person, kind: 'model', modelId: 'gpt-judge-4', promptVersion: 'pairwise-v3' }).data,
    ).toMatchObject({
      kind: 'model',
      modelId: 'gpt-judge-4',
    });
    expect(issues({ ...person, kind: 'model', modelId: 'claude-judge', constitutionVersion: 'c-2026-01' })).toEqual([]);
  });

  it('refuses a model without a model id or a prompt/constitution version, and model fields on a person, naming the field', () => {
    expect(issues({ ...person, kind: 'model' })).toEqual([
      'data.modelId: required when kind is model',
      'data.promptVersion: promptVersion or constitutionVersion required when kind is model',
    ]);
    expect(issues({ ...person, kind: 'human', modelId: 'x' })).toEqual([
      'data.modelId: only allowed when kind is model',
    ]);
    expect(issues({ ...person, kind: 'robot' })).toEqual(['data.kind: must be one of: human, model']);
    const twice = [
      { domain: 'python', level: 'expert' },
      { domain: 'python', level: 'novice' },
    ];
    expect(issues({ ...person, expertise: twice })).toEqual(['data.expertise[1].domain: must be unique']);
  });

  it('upcasts a stored v1 profile to a human', () => {
    const v2 = sealEvent(profile(person), context);
    const stored = { ...v2, version: 1, data: person };
    expect(parseEvent(stored)).toMatchObject({ version: 2, data: { ...person, kind: 'human' } });
  });
});
