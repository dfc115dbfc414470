import { validateEventInput } from '@hindsight/contracts';
import { detectDatasetFormats } from './dataset-formats';
import { FORMAT_DEFAULTS, type FormatOptions } from './format-options';
import { kto } from './kto';

const options: FormatOptions = { dataset: 'demo', ...FORMAT_DEFAULTS };

describe('kto (TRL unpaired preference {prompt, completion, label}; OpenRLHF {input, output, label})', () => {
  it('makes an interaction and a thumbs-up on it from a true label, with keys fixed by data set and row', () => {
    const record = kto.read({ prompt: 'Q?', completion: 'A.', label: true }, 3, options);
    expect(record.rejections).toEqual([]);
    expect(record.comparisons.map((c) => c.event)).toEqual([
      {
        type: 'interaction.logged',
        idempotencyKey: 'import:demo:3:interaction',
        data: { interactionId: 'demo-3', prompt: 'Q?', response: 'A.', modelVersion: 'unknown' },
      },
      {
        type: 'feedback.recorded',
        idempotencyKey: 'import:demo:3:label',
        data: { interactionId: 'demo-3', kind: 'thumbs-up' },
      },
    ]);
    for (const c of record.comparisons) expect(() => validateEventInput(c.event)).not.toThrow();
  });

  it('reads OpenRLHF key names, a false label as thumbs-down, and the import time', () => {
    const record = kto.read({ input: 'Q?', output: 'A.', label: false }, 0, {
      ...options,
      occurredAt: '2024-01-01T00:00:00Z',
      modelVersion: 'm9',
    });
    const [interaction, feedback] = record.comparisons.map((c) => c.event);
    expect(interaction).toMatchObject({
      occurredAt: '2024-01-01T00:00:00Z',
      data: { prompt: 'Q?', response: 'A.', modelVersion: 'm9' },
    });
    expect(feedback).toMatchObject({ occurredAt: '2024-01-01T00:00:00Z', data: { kind: 'thumbs-down' } });
  });

  it('refuses a row without text or with a label that is not a boolean, naming the field', () => {
    expect(kto.read({ prompt: 'Q?', completion: '', label: true }, 0, options).rejections[0].issues[0].path).toBe(
      'completion',
    );
    expect(kto.read({ prompt: 'Q?', completion: 'A', label: 'yes' }, 0, options).rejections[0].issues).toEqual([
      { path: 'label', rule: expect.stringContaining('true or false') },
    ]);
    expect(kto.read('not a row', 0, options).comparisons).toEqual([]);
  });

  it('is detected from either key names, and not from a preference row', () => {
    expect(detectDatasetFormats({ prompt: 'Q', completion: 'A', label: true })).toEqual(['kto']);
    expect(detectDatasetFormats({ input: 'Q', output: 'A', label: false })).toEqual(['kto']);
    expect(detectDatasetFormats({ prompt: 'Q', chosen: 'A', rejected: 'B' })).toEqual(['trl-preference']);
  });
});
