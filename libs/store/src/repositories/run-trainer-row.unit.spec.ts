import {
  exampleEventInputs,
  formatUuidV7,
  IllegalStateError,
  sealEvent,
  validateEventInput,
  type RetrainRequested,
  type RetrainRunAdvancedData,
} from '@hindsight/contracts';
import { readTrainerRunRow, type RawTrainerRunRow } from './run-trainer.repository';

const at = new Date('2026-03-01T10:00:00.000Z');
const request = sealEvent(validateEventInput(structuredClone(exampleEventInputs['retrain.requested'])), {
  id: formatUuidV7(at.getTime(), Buffer.alloc(10)),
  recordedAt: at.toISOString(),
  tenant: 'acme',
  source: 'scheduler',
}) as RetrainRequested;
const record = exampleEventInputs['retrain.run-advanced'].data as RetrainRunAdvancedData;

/** A row as PostgreSQL returns it: the JSON columns parsed by the driver, nothing checked. */
function raw(overrides: Partial<RawTrainerRunRow> = {}): RawTrainerRunRow {
  return {
    run_id: record.runId,
    tenant: 'acme',
    state: 'gated',
    request_event_id: request.id,
    request: JSON.parse(JSON.stringify(request)),
    policy_id: record.policyId,
    recipe: record.recipe,
    gates: record.gates,
    datasets: JSON.parse(JSON.stringify(record.datasets)),
    gate_report: record.gateReport,
    failure: null,
    created_at: at,
    updated_at: at,
    finished_at: null,
    ...overrides,
  };
}

describe('readTrainerRunRow', () => {
  it('types the JSON columns by the events they are written from', () => {
    const row = readTrainerRunRow(raw());
    expect(row.request).toEqual(request);
    expect(row.request.data.objectives).toEqual(['helpfulness', 'harmlessness']);
    expect(row.datasets?.[0]).toEqual(record.datasets?.[0]);
    expect(row).toMatchObject({ recipe: record.recipe, gates: record.gates, gateReport: record.gateReport });
  });

  it('reads a run not yet advanced (null record columns) and a failed one', () => {
    const failure = { stage: 'quality-gate', reasons: [{ code: 'too-few-examples', message: 'objective x: 3 < 50' }] };
    expect(
      readTrainerRunRow(raw({ recipe: null, gates: null, datasets: null, gate_report: null, failure: null })),
    ).toMatchObject({ recipe: null, gates: null, datasets: null, gateReport: null, failure: null });
    expect(readTrainerRunRow(raw({ state: 'failed', failure })).failure).toEqual(failure);
  });

  it('refuses a dataset entry an older trainer wrote without the field a reader needs, naming the run and field', () => {
    const { manifestUri: _dropped, ...older } = (record.datasets ?? [])[0];
    const read = () => readTrainerRunRow(raw({ datasets: [older] }));
    expect(read).toThrow(IllegalStateError);
    expect(read).toThrow(`trainer_runs (acme, ${record.runId}): datasets[0].manifestUri: required`);
  });

  it('refuses a failure whose stage is unknown', () => {
    const read = () =>
      readTrainerRunRow(raw({ failure: { stage: 'cooking', reasons: [{ code: 'x', message: 'y' }] } }));
    expect(read).toThrow(/failure\.stage/);
  });

  it('refuses a stored request that is not a valid retrain.requested', () => {
    const { objectives: _dropped, ...data } = request.data;
    expect(() => readTrainerRunRow(raw({ request: { ...request, data } }))).toThrow(
      /trainer_runs \(acme, .*\): request: data\.objectives: required/,
    );
    const other = sealEvent(validateEventInput(structuredClone(exampleEventInputs['retrain.run-advanced'])), {
      id: formatUuidV7(at.getTime(), Buffer.alloc(10, 1)),
      recordedAt: at.toISOString(),
      tenant: 'acme',
      source: 'trainer',
    });
    expect(() => readTrainerRunRow(raw({ request: other }))).toThrow(
      'request: is a retrain.run-advanced, not a retrain.requested',
    );
  });
});
