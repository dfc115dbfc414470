import { planProjection } from '../plan-projection';
import { exampleRecordedAt, sealedExampleEvent } from '../testing/sealed-example-event';
import { amendmentOf } from './annotation-amendments';

const corrected = sealedExampleEvent('annotation.corrected', '0190a000-0000-7000-8000-0000000000f1');
const retracted = sealedExampleEvent('annotation.retracted', '0190a000-0000-7000-8000-0000000000f2');

describe('amendmentOf', () => {
  it('keeps the corrected fields of a correction, not its reason', () => {
    expect(amendmentOf(corrected)).toEqual({
      tenant: 'acme',
      recordedAt: exampleRecordedAt,
      eventId: '0190a000-0000-7000-8000-0000000000f1',
      annotationId: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      kind: 'corrected',
      changes: { choice: { kind: 'tie' }, strength: null },
    });
  });

  it('keeps only the reason of a retraction', () => {
    expect(amendmentOf(retracted)).toMatchObject({
      eventId: '0190a000-0000-7000-8000-0000000000f2',
      kind: 'retracted',
      changes: { reason: 'Rater misread the prompt.' },
    });
  });

  it('is what planProjection writes for both, in the order consumed', () => {
    expect(planProjection([retracted, corrected]).amendments.map((row) => row.kind)).toEqual([
      'retracted',
      'corrected',
    ]);
  });
});
