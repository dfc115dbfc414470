import { ValidationError } from '@hindsight/contracts';
import type { DriftMeasurementItem } from '@hindsight/store';
import { parseDriftFlags, renderDriftTable } from './drift.command';

const reading = (extra: Partial<DriftMeasurementItem>): DriftMeasurementItem => ({
  eventId: 'e1',
  policyId: 'p-1',
  objectives: ['helpfulness'],
  objective: 'helpfulness',
  surface: null,
  since: '2026-10-01T00:00:00.000Z',
  windowFrom: '2026-11-01T00:00:00.000Z',
  value: 0.41234,
  lengthDrift: 0.02,
  localeMixDrift: null,
  samples: { trainedOn: 400, deployed: 120 },
  threshold: 0.3,
  measure: 'prompt-js-divergence-bits',
  runId: 'run-9',
  measuredAt: '2026-12-01T10:00:00.000Z',
  ...extra,
});

describe('hindsight drift', () => {
  it('takes a slug objective, a token surface and a limit of 1–500', () => {
    expect(parseDriftFlags({ tenant: 'acme', objective: 'helpfulness', surface: 'chat', limit: '20' })).toEqual({
      tenant: 'acme',
      objective: 'helpfulness',
      surface: 'chat',
      limit: 20,
    });
    expect(parseDriftFlags({ tenant: 'acme', objective: 'honesty', limit: '50' })).not.toHaveProperty('surface');
  });

  it('refuses every bad flag at once, naming each', () => {
    let error: unknown;
    try {
      parseDriftFlags({ tenant: 'Acme', objective: 'Help!', surface: 'help center', limit: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual(['tenant', 'objective', 'surface', 'limit']);
  });

  it('prints one row per reading: surface (all for the whole traffic), bits with 3 decimals, prompts, run', () => {
    const text = renderDriftTable([
      reading({ surface: 'chat', runId: null, localeMixDrift: 0.5 }),
      reading({}),
      reading({ objective: null, samples: null, lengthDrift: null, windowFrom: null, runId: null }),
    ]);
    expect(text.split('\n')).toEqual([
      'measured at               surface   words  length  locale  prompts  threshold  policy  run',
      '2026-12-01T10:00:00.000Z  chat      0.412  0.020   0.500   400/120  0.3        p-1',
      '2026-12-01T10:00:00.000Z  all       0.412  0.020   -       400/120  0.3        p-1     run-9',
      '2026-12-01T10:00:00.000Z  (policy)  0.412  -       -       -        0.3        p-1',
      '',
    ]);
    expect(renderDriftTable([])).toBe('no drift readings\n');
  });
});
