import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@hindsight/contracts';

/**
 * The variables that choose and reach the artifact store. The AWS ones are the
 * standard names every AWS SDK and CLI reads, so one Secret serves the trainer,
 * the TRL Job (boto3) and `aws s3` alike; they matter only for an s3:// store.
 */
export const ARTIFACT_VARIABLES = {
  ARTIFACTS_DIR: {
    default: '.hindsight/artifacts',
    meaning:
      'the artifact store: a local directory (or file:// URL), or s3://bucket/prefix for an S3-compatible bucket; holds runs/<runId>/dataset/<objective>/ (TRL-ready JSONL + manifest), runs/<runId>/run.json and models/<modelVersion>.json',
  },
  AWS_ENDPOINT_URL_S3: {
    default: '',
    meaning:
      'S3 endpoint of a non-AWS store (MinIO, Ceph, R2, S3Mock), e.g. http://minio:9000; path-style addressing is used when set; empty for AWS S3',
  },
  AWS_ENDPOINT_URL: {
    default: '',
    meaning: 'endpoint for every AWS service, used for S3 when AWS_ENDPOINT_URL_S3 is empty',
  },
  AWS_REGION: { default: 'us-east-1', meaning: 'region of the bucket (AWS_DEFAULT_REGION is read when unset)' },
  AWS_ACCESS_KEY_ID: {
    default: '',
    meaning: 'access key of the bucket; empty to use the SDK default chain (web identity, instance profile)',
  },
  AWS_SECRET_ACCESS_KEY: {
    default: '',
    meaning: 'secret key, required with AWS_ACCESS_KEY_ID (AWS_SESSION_TOKEN is read too)',
  },
} as const;

export type ArtifactLocation =
  | { readonly kind: 'local'; readonly root: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      /** '' or `a/b`: no slash at either end. */
      readonly prefix: string;
      /** A non-AWS endpoint; undefined for AWS S3. */
      readonly endpoint: string | undefined;
      readonly region: string;
      /** Undefined: the SDK's default chain finds them (e.g. a Kubernetes service account's web identity). */
      readonly credentials:
        { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string } | undefined;
    };

type Env = Readonly<Record<string, string | undefined>>;
const read = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

/**
 * Where the artifact store is, from ARTIFACTS_DIR and, for s3://, the standard
 * AWS variables; relative local paths are taken from the working directory. Pure
 * apart from that resolution: nothing is created or contacted.
 * @example artifactLocationFromEnv({ ARTIFACTS_DIR: 's3://models/prod/' }) // { kind: 's3', bucket: 'models', prefix: 'prod', region: 'us-east-1', … }
 * @throws ConfigurationError naming the variable: another URL scheme, a bad bucket name or prefix, a malformed endpoint or region, half a key pair.
 */
export function artifactLocationFromEnv(env: Env): ArtifactLocation {
  const value = read(env, 'ARTIFACTS_DIR') ?? ARTIFACT_VARIABLES.ARTIFACTS_DIR.default;
  if (value.startsWith('s3://')) return s3Location(value, env);
  if (value.startsWith('file://')) return { kind: 'local', root: fileURLToPath(value) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigurationError(
      'ARTIFACTS_DIR',
      `must be a local directory, a file:// URL or s3://bucket/prefix (got "${value}")`,
    );
  }
  return { kind: 'local', root: isAbsolute(value) ? value : resolve(value) };
}

function s3Location(value: string, env: Env): ArtifactLocation {
  const [bucket, ...rest] = value.slice('s3://'.length).split('/');
  // S3's bucket naming rules (the strict, DNS-compatible ones every S3-compatible store accepts).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new ConfigurationError(
      'ARTIFACTS_DIR',
      `s3://<bucket>/<prefix>: the bucket must be 3-63 lower-case letters, digits, "." and "-" (got "${value}")`,
    );
  }
  const segments = rest.join('/').replace(/^\/+|\/+$/g, '');
  if (segments !== '' && segments.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new ConfigurationError(
      'ARTIFACTS_DIR',
      `s3://<bucket>/<prefix>: the prefix must be "/"-separated names, none empty, "." or ".." (got "${value}")`,
    );
  }
  return {
    kind: 's3',
    bucket,
    prefix: segments,
    endpoint: endpoint(env),
    region: region(env),
    credentials: credentials(env),
  };
}

function endpoint(env: Env): string | undefined {
  for (const name of ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'] as const) {
    const value = read(env, name);
    if (value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new ConfigurationError(name, `must be an http(s) URL such as http://minio:9000 (got "${value}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new ConfigurationError(name, `must be an http(s) URL such as http://minio:9000 (got "${value}")`);
    return value.replace(/\/+$/, '');
  }
  return undefined;
}

function region(env: Env): string {
  const name = read(env, 'AWS_REGION') !== undefined ? 'AWS_REGION' : 'AWS_DEFAULT_REGION';
  const value = read(env, name) ?? ARTIFACT_VARIABLES.AWS_REGION.default;
  if (!/^[a-z0-9-]{1,64}$/.test(value))
    throw new ConfigurationError(name, `must be a region name such as eu-west-1 (got "${value}")`);
  return value;
}

function credentials(env: Env): Extract<ArtifactLocation, { kind: 's3' }>['credentials'] {
  const accessKeyId = read(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined)
    throw new ConfigurationError('AWS_ACCESS_KEY_ID', 'must be set when AWS_SECRET_ACCESS_KEY is');
  if (secretAccessKey === undefined)
    throw new ConfigurationError('AWS_SECRET_ACCESS_KEY', 'must be set when AWS_ACCESS_KEY_ID is');
  const sessionToken = read(env, 'AWS_SESSION_TOKEN');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
