import { loadTrainerSettings } from './trainer-settings';

describe('loadTrainerSettings', () => {
  it('has defaults that run locally', () => {
    const settings = loadTrainerSettings({});
    expect(settings).toMatchObject({
      groupId: 'hindsight-trainer',
      pollMs: 2000,
      l2: 0.001,
      maxIterations: 100,
      maxAttempts: 5,
      stagePauseMs: 0,
    });
    expect(settings.gates).toEqual({
      minPairs: 50,
      maxFlaggedShare: 0.3,
      minAgreement: 0.2,
      flaggedKinds: ['spammer', 'position-bias'],
    });
    expect(settings.artifacts.location).toMatch(/^file:\/\/.*\/\.hindsight\/artifacts$/);
  });

  it('writes to an S3-compatible bucket for an s3:// ARTIFACTS_DIR', () => {
    const settings = loadTrainerSettings({
      ARTIFACTS_DIR: 's3://hindsight-artifacts/prod/',
      AWS_ENDPOINT_URL_S3: 'http://minio:9000',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    expect(settings.artifacts.location).toBe('s3://hindsight-artifacts/prod');
    expect(settings.artifacts.uriOf('models/m.json')).toBe('s3://hindsight-artifacts/prod/models/m.json');
  });

  it.each([
    [
      { TRAINER_POLL_MS: 'often' },
      'Invalid configuration: TRAINER_POLL_MS: must be an integer between 10 and 3600000 (got "often")',
    ],
    [{ TRAINER_GATE_MIN_PAIRS: '0' }, 'Invalid configuration: TRAINER_GATE_MIN_PAIRS: must be an integer >= 1'],
    [
      { ARTIFACTS_DIR: 'gs://bucket/prefix' },
      'Invalid configuration: ARTIFACTS_DIR: must be a local directory, a file:// URL or s3://bucket/prefix (got "gs://bucket/prefix")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket/prefix', AWS_ACCESS_KEY_ID: 'k' },
      'Invalid configuration: AWS_SECRET_ACCESS_KEY: must be set when AWS_ACCESS_KEY_ID is',
    ],
    [
      { TRAINER_GROUP_ID: 'has spaces' },
      'Invalid configuration: TRAINER_GROUP_ID: must be letters, digits and ._- (got "has spaces")',
    ],
  ])('names the bad variable: %j', (env, message) => {
    expect(() => loadTrainerSettings(env)).toThrow(message);
  });
});
