import { artifactLocationFromEnv } from './artifact-location';
import type { ArtifactStore } from './artifact-store';
import { LocalArtifactStore } from './local-artifact-store';
import { S3ArtifactStore } from './s3-artifact-store';

/**
 * The artifact store ARTIFACTS_DIR names: a local directory, or an S3-compatible
 * bucket for s3://bucket/prefix. Validates and builds; contacts nothing.
 * @throws ConfigurationError naming the variable (see artifactLocationFromEnv).
 */
export function artifactStoreFromEnv(env: Readonly<Record<string, string | undefined>>): ArtifactStore {
  const location = artifactLocationFromEnv(env);
  return location.kind === 'local' ? new LocalArtifactStore(location.root) : new S3ArtifactStore(location);
}
