import { randomBytes } from 'node:crypto';
import { associatedDataOf, isSealedData, openData, sealData, sealedDataJson } from './sealed-data';
import { personalSubjectOf } from './personal-subject';

describe('sealed data (crypto-shredding)', () => {
  const key = randomBytes(32);
  const event = { tenant: 'acme', type: 'comparison.recorded', id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f' };
  const data = { raterId: 'r1', prompt: 'secret prompt', choice: { kind: 'tie' } };

  it('round-trips, and hides the content', () => {
    const sealed = sealData(data, key, { kind: 'rater', id: 'r1' }, associatedDataOf(event));
    expect(isSealedData(sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('secret prompt');
    expect(openData(sealed, key, associatedDataOf(event))).toEqual(data);
  });

  it('cannot be opened with another key or moved to another event', () => {
    const sealed = sealData(data, key, { kind: 'rater', id: 'r1' }, associatedDataOf(event));
    expect(() => openData(sealed, randomBytes(32), associatedDataOf(event))).toThrow();
    expect(() => openData(sealed, key, associatedDataOf({ ...event, tenant: 'other' }))).toThrow();
  });

  it('writes the JSON of sealData directly: same fields in the same order, and it opens', () => {
    const written = JSON.parse(
      sealedDataJson(key, { kind: 'rater', id: 'r"1' }, associatedDataOf(event), JSON.stringify(data)),
    ) as ReturnType<typeof sealData>;
    const built = sealData(data, key, { kind: 'rater', id: 'r"1' }, associatedDataOf(event));
    expect(Object.keys(written.$sealed)).toEqual(Object.keys(built.$sealed));
    expect(written.$sealed.key).toEqual({ kind: 'rater', id: 'r"1' });
    expect(written.$sealed.ciphertext).toHaveLength(built.$sealed.ciphertext.length);
    expect(openData(written, key, associatedDataOf(event))).toEqual(data);
  });

  it('names the personal subject of each event kind', () => {
    expect(personalSubjectOf('comparison.recorded', { raterId: 'r1' })).toEqual({ kind: 'rater', id: 'r1' });
    expect(personalSubjectOf('feedback.recorded', { interactionId: 'i1' })).toEqual({ kind: 'interaction', id: 'i1' });
    expect(personalSubjectOf('retrain.requested', { runId: 'x' })).toBeUndefined();
    expect(personalSubjectOf('annotation.retracted', { annotationId: 'a' })).toBeUndefined();
  });
});
