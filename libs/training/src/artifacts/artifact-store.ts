import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigurationError } from '@hindsight/contracts';

export const ARTIFACT_VARIABLES = {
  ARTIFACTS_DIR: {
    default: '.hindsight/artifacts',
    meaning: 'where the trainer writes datasets (runs/<runId>/dataset/<objective>/) and models (models/<modelVersion>.json); a local directory (S3-compatible URLs are documented for Kubernetes, not implemented)',
  },
} as const;

/**
 * The artifact store: a local directory. Layout:
 * `runs/<runId>/dataset/<objective>/{train,validation,test,excluded}.jsonl + manifest.json`
 * (TRL-ready, one build per objective), `runs/<runId>/run.json` (what the run
 * trained, for external trainers) and `models/<modelVersion>.json` (the serialised
 * reward model). URIs are `file://` URLs of absolute paths.
 */
export class LocalArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = isAbsolute(root) ? root : resolve(root);
  }

  datasetDir(runId: string, objective: string): string {
    return join(this.root, 'runs', runId, 'dataset', objective);
  }

  runFile(runId: string): string {
    return join(this.root, 'runs', runId, 'run.json');
  }

  modelFile(modelVersion: string): string {
    return join(this.root, 'models', `${modelVersion}.json`);
  }

  /** Writes a file atomically (temporary file, then rename), creating folders. */
  async write(path: string, bytes: Uint8Array | string): Promise<string> {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.partial`;
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return uriOf(path);
  }
}

export const uriOf = (path: string): string => pathToFileURL(path).href;

/** The local path of a `file://` artifact URI; undefined for any other scheme. */
export function pathOfUri(uri: string): string | undefined {
  return uri.startsWith('file://') ? fileURLToPath(uri) : undefined;
}

/**
 * The artifact store named by ARTIFACTS_DIR (relative paths from the working directory).
 * @throws ConfigurationError for a URL such as s3://…: documented for Kubernetes, not implemented here.
 */
export function artifactStoreFromEnv(env: Readonly<Record<string, string | undefined>>): LocalArtifactStore {
  const value = env.ARTIFACTS_DIR?.trim() || ARTIFACT_VARIABLES.ARTIFACTS_DIR.default;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file://')) {
    throw new ConfigurationError('ARTIFACTS_DIR', `must be a local directory; object-store URLs such as ${value.split('://')[0]}:// are not implemented yet (got "${value}")`);
  }
  return new LocalArtifactStore(value.startsWith('file://') ? fileURLToPath(value) : value);
}
