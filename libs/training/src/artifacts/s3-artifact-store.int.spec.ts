import { startS3Mock, type S3MockServer } from '@hindsight/test-support';
import { artifactStoreContract } from './artifact-store.contract';
import { artifactLocationFromEnv } from './artifact-location';
import { S3ArtifactStore } from './s3-artifact-store';

/*
 * The artifact-store contract against a real S3-compatible server: Adobe's
 * S3Mock, started by this file on free ports (fetched from Maven Central once).
 * The store has a prefix, so keys are checked to stay below it.
 */
let s3: S3MockServer | undefined;

describe('S3ArtifactStore', () => {
  artifactStoreContract(
    async () => {
      s3 = await startS3Mock(['hindsight-contract', 'other-bucket']);
      const store = new S3ArtifactStore(artifactLocationFromEnv({ ...s3.env, ARTIFACTS_DIR: 's3://hindsight-contract/team/prod' }) as Extract<ReturnType<typeof artifactLocationFromEnv>, { kind: 's3' }>);
      return { store, foreignUri: 's3://other-bucket/team/prod/models/m.json' };
    },
    async () => {
      await s3?.stop();
    },
  );
});
