import { whoSendsWhichEvents } from './event-senders';

describe('whoSendsWhichEvents', () => {
  it('says, from the definitions, which keys send which types and which the platform writes alone', () => {
    const text = whoSendsWhichEvents();
    expect(text).toContain('`feedback.recorded`: `ingest` or `feedback`');
    expect(text).toContain('`retrain.requested`, `subject.erasure.requested`: `admin`');
    expect(text).toContain(
      '`retrain.dataset-built`, `retrain.completed`, `retrain.failed`, `retrain.run-advanced`, `model.registered`, `model.outcome-audited`: the trainer alone (refused to every key)',
    );
    expect(text).toMatch(
      /`comparison\.recorded`, `rating\.recorded`, [^:]*`interaction\.logged`, `outcome\.recorded`, `training\.metrics\.reported`, `eval\.human\.reported`: `ingest`;/,
    );
  });
});
