import { loadTrainerSettings } from './trainer-settings';

describe('loadTrainerSettings', () => {
  it('has defaults that run locally', () => {
    const settings = loadTrainerSettings({});
    expect(settings).toMatchObject({ groupId: 'hindsight-trainer', pollMs: 2000, l2: 0.001, maxIterations: 100, maxAttempts: 5, stagePauseMs: 0 });
    expect(settings.gates).toEqual({ minPairs: 50, maxFlaggedShare: 0.3, minAgreement: 0.2, flaggedKinds: ['spammer', 'position-bias'] });
    expect(settings.artifacts.root).toMatch(/\.hindsight\/artifacts$/);
  });

  it.each([
    [{ TRAINER_POLL_MS: 'often' }, 'Invalid configuration: TRAINER_POLL_MS: must be an integer between 10 and 3600000 (got "often")'],
    [{ TRAINER_GATE_MIN_PAIRS: '0' }, 'Invalid configuration: TRAINER_GATE_MIN_PAIRS: must be an integer >= 1'],
    [{ ARTIFACTS_DIR: 's3://bucket/prefix' }, 'Invalid configuration: ARTIFACTS_DIR: must be a local directory; object-store URLs such as s3:// are not implemented yet (got "s3://bucket/prefix")'],
    [{ TRAINER_GROUP_ID: 'has spaces' }, 'Invalid configuration: TRAINER_GROUP_ID: must be letters, digits and ._- (got "has spaces")'],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadTrainerSettings(env)).toThrow(message);
  });
});
