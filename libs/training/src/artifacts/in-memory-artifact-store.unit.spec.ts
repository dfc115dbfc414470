import { artifactStoreContract } from './artifact-store.contract';
import { InMemoryArtifactStore } from './in-memory-artifact-store';

/*
 * The artifact-store contract against the in-memory fake the retrain use case's
 * unit specs use: the same cases as the local directory and S3 (int tier).
 * The contract writes the local files that putFile and putFolder take in a
 * temporary folder; nothing else leaves memory.
 */
describe('InMemoryArtifactStore', () => {
  artifactStoreContract(
    async () => ({ store: new InMemoryArtifactStore('contract'), foreignUri: 'memory://elsewhere/models/m.json' }),
    async () => undefined,
  );
});
