import { resolve } from 'node:path';
import { ConfigurationError } from '@hindsight/contracts';
import { artifactLocationFromEnv } from './artifact-location';
import { artifactKey, datasetKey, modelKey, runFileKey } from './artifact-keys';

describe('artifactLocationFromEnv', () => {
  it('is the local .hindsight/artifacts by default, relative paths from the working directory', () => {
    expect(artifactLocationFromEnv({})).toEqual({ kind: 'local', root: resolve('.hindsight/artifacts') });
    expect(artifactLocationFromEnv({ ARTIFACTS_DIR: 'file:///var/hindsight/artifacts' })).toEqual({
      kind: 'local',
      root: '/var/hindsight/artifacts',
    });
  });

  it('reads an s3:// URL with a non-AWS endpoint, region and key pair', () => {
    expect(
      artifactLocationFromEnv({
        ARTIFACTS_DIR: 's3://hindsight-artifacts/prod/eu/',
        AWS_ENDPOINT_URL_S3: 'http://minio.storage:9000/',
        AWS_ENDPOINT_URL: 'http://ignored:1',
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIA',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: 'token',
      }),
    ).toEqual({
      kind: 's3',
      bucket: 'hindsight-artifacts',
      prefix: 'prod/eu',
      endpoint: 'http://minio.storage:9000',
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret', sessionToken: 'token' },
    });
  });

  it('leaves AWS S3 to the SDK defaults: no endpoint, us-east-1 unless AWS_REGION or AWS_DEFAULT_REGION, the default credential chain', () => {
    expect(artifactLocationFromEnv({ ARTIFACTS_DIR: 's3://models' })).toEqual({
      kind: 's3',
      bucket: 'models',
      prefix: '',
      endpoint: undefined,
      region: 'us-east-1',
      credentials: undefined,
    });
    expect(artifactLocationFromEnv({ ARTIFACTS_DIR: 's3://models', AWS_DEFAULT_REGION: 'ap-south-1' })).toMatchObject({
      region: 'ap-south-1',
    });
    expect(
      artifactLocationFromEnv({ ARTIFACTS_DIR: 's3://models', AWS_ENDPOINT_URL: 'https://r2.example.com' }),
    ).toMatchObject({ endpoint: 'https://r2.example.com' });
  });

  it.each([
    [
      { ARTIFACTS_DIR: 'gs://bucket/x' },
      'ARTIFACTS_DIR',
      'must be a local directory, a file:// URL or s3://bucket/prefix (got "gs://bucket/x")',
    ],
    [
      { ARTIFACTS_DIR: 's3://Upper_Case/x' },
      'ARTIFACTS_DIR',
      's3://<bucket>/<prefix>: the bucket must be 3-63 lower-case letters, digits, "." and "-" (got "s3://Upper_Case/x")',
    ],
    [
      { ARTIFACTS_DIR: 's3://' },
      'ARTIFACTS_DIR',
      's3://<bucket>/<prefix>: the bucket must be 3-63 lower-case letters, digits, "." and "-" (got "s3://")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket/a/../b' },
      'ARTIFACTS_DIR',
      's3://<bucket>/<prefix>: the prefix must be "/"-separated names, none empty, "." or ".." (got "s3://bucket/a/../b")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket', AWS_ENDPOINT_URL_S3: 'minio:9000' },
      'AWS_ENDPOINT_URL_S3',
      'must be an http(s) URL such as http://minio:9000 (got "minio:9000")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket', AWS_ENDPOINT_URL: 'ftp://minio' },
      'AWS_ENDPOINT_URL',
      'must be an http(s) URL such as http://minio:9000 (got "ftp://minio")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket', AWS_REGION: 'EU West' },
      'AWS_REGION',
      'must be a region name such as eu-west-1 (got "EU West")',
    ],
    [
      { ARTIFACTS_DIR: 's3://bucket', AWS_SECRET_ACCESS_KEY: 's' },
      'AWS_ACCESS_KEY_ID',
      'must be set when AWS_SECRET_ACCESS_KEY is',
    ],
  ])('rejects %j naming %s', (env, variable, rule) => {
    let thrown: unknown;
    try {
      artifactLocationFromEnv(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown).toMatchObject({ variable, issues: [{ path: variable, rule }] });
  });

  it('ignores the AWS variables for a local directory', () => {
    expect(artifactLocationFromEnv({ ARTIFACTS_DIR: '/data/artifacts', AWS_REGION: 'not a region' })).toEqual({
      kind: 'local',
      root: '/data/artifacts',
    });
  });
});

describe('the artifact layout', () => {
  it('places datasets, run files and models as external trainers expect', () => {
    expect(datasetKey('acme', '0190ab', 'helpfulness')).toBe('runs/acme/0190ab/dataset/helpfulness');
    expect(runFileKey('acme', '0190ab')).toBe('runs/acme/0190ab/run.json');
    expect(modelKey('acme', 'helpfulness-0190ab')).toBe('models/acme/helpfulness-0190ab.json');
  });

  it('refuses a key that would climb out of the store', () => {
    expect(() => datasetKey('acme', '..', 'x')).toThrow(
      'key: artifactKey: relative path of non-empty segments, none "." or ".." (got "runs/acme/../dataset/x")',
    );
    expect(() => artifactKey('a'.repeat(1025))).toThrow('artifactKey: at most 1024 characters');
  });
});
