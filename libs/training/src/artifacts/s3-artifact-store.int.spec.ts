import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3Mock, type S3MockServer } from '@hindsight/test-support';
import { artifactStoreContract } from './artifact-store.contract';
import { artifactLocationFromEnv } from './artifact-location';
import { MIN_PART_BYTES, S3ArtifactStore } from './s3-artifact-store';

/*
 * The artifact-store contract against a real S3-compatible server: Adobe's
 * S3Mock, started by this file on free ports (fetched from Maven Central once).
 * The store has a prefix, so keys are checked to stay below it.
 */
let s3: S3MockServer | undefined;
type S3Location = Extract<ReturnType<typeof artifactLocationFromEnv>, { kind: 's3' }>;
const locationOf = (artifactsDir: string) =>
  artifactLocationFromEnv({ ...s3!.env, ARTIFACTS_DIR: artifactsDir }) as S3Location;

describe('S3ArtifactStore', () => {
  artifactStoreContract(
    async () => {
      s3 = await startS3Mock(['hindsight-contract', 'other-bucket']);
      // S3's smallest part, so the contract's 12 MiB file goes up as a multipart upload of three parts.
      const store = new S3ArtifactStore(locationOf('s3://hindsight-contract/team/prod'), { partBytes: MIN_PART_BYTES });
      return { store, foreignUri: 's3://other-bucket/team/prod/models/m.json' };
    },
    async () => {
      await s3?.stop();
    },
  );

  it('uploads a file above one part in parts: the object is a multipart one (its ETag ends in -<parts>)', async () => {
    const store = new S3ArtifactStore(locationOf('s3://hindsight-contract/multipart'), { partBytes: MIN_PART_BYTES });
    const dir = await mkdtemp(join(tmpdir(), 'hindsight-multipart-'));
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3!.env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials: { accessKeyId: s3!.env.AWS_ACCESS_KEY_ID!, secretAccessKey: s3!.env.AWS_SECRET_ACCESS_KEY! },
    });
    try {
      await writeFile(join(dir, 'train.jsonl'), Buffer.alloc(11 * 1024 * 1024, 'x'));
      await writeFile(join(dir, 'small.json'), '{}');
      await store.putFile('big/train.jsonl', join(dir, 'train.jsonl'));
      await store.putFile('big/small.json', join(dir, 'small.json'));
      const big = await client.send(
        new HeadObjectCommand({ Bucket: 'hindsight-contract', Key: 'multipart/big/train.jsonl' }),
      );
      const small = await client.send(
        new HeadObjectCommand({ Bucket: 'hindsight-contract', Key: 'multipart/big/small.json' }),
      );
      expect(big.ETag).toMatch(/-3"?$/);
      expect(big.ContentLength).toBe(11 * 1024 * 1024);
      expect(small.ETag).not.toMatch(/-\d+"?$/);
    } finally {
      client.destroy();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says what is wrong when the bucket does not exist, and refuses parts under 5 MiB', async () => {
    const store = new S3ArtifactStore(locationOf('s3://no-such-bucket/x'));
    try {
      await expect(store.check()).rejects.toThrow('artifact bucket no-such-bucket does not exist');
    } finally {
      await store.close();
    }
    expect(() => new S3ArtifactStore(locationOf('s3://hindsight-contract/x'), { partBytes: 1024 })).toThrow(
      /partBytes must be at least 5242880/,
    );
  });
});
