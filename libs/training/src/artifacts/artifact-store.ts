import type { Readable } from 'node:stream';
/**
 * Where a retrain's files go: the TRL-ready dataset builds, the run file and the
 * serialised reward models (see artifact-keys.ts for the layout). Keys are
 * relative, slash-separated paths (`runs/<runId>/run.json`); every implementation
 * runs the one contract in artifact-store.contract.ts.
 *
 * Two implementations: a local directory (file:// URIs) and an S3-compatible
 * bucket (s3:// URIs), chosen by ARTIFACTS_DIR (artifact-store-from-env.ts).
 */
export interface ArtifactStore {
  /** The store itself as a URI (`file:///var/hindsight/artifacts`, `s3://bucket/prefix`), for logs. */
  readonly location: string;

  /** The URI a key has (or would have) in this store; the registry records these. @throws ValidationError for a malformed key. */
  uriOf(key: string): string;

  /** The key of a URI inside this store, or undefined for a URI this store does not address (another scheme, bucket or root). */
  keyOf(uri: string): string | undefined;

  /**
   * The key's path on this machine when the store keeps it on local disk, else undefined.
   * Lets the trainer build a dataset in place in a local store instead of building it twice.
   */
  localPath(key: string): string | undefined;

  /** Stores bytes under `key`, replacing what was there; resolves to the URI once a reader would see all of it. */
  put(key: string, bytes: Uint8Array | string): Promise<string>;

  /** Stores one local file under `key` without reading it into memory. */
  putFile(key: string, path: string): Promise<string>;

  /** Stores every file below a local folder under `key/<relative path>`; resolves to the URI of `key`. */
  putFolder(key: string, dir: string): Promise<string>;

  /** The bytes under `key`, in memory: for small files. @throws NotFoundError('artifact', uri) when nothing is stored there. */
  get(key: string): Promise<Uint8Array>;

  /**
   * The bytes under `key` as a stream, for files of any size (a train split of
   * millions of pairs is larger than one Buffer or string may be).
   * @throws NotFoundError('artifact', uri), before any stream exists, when nothing is stored there.
   */
  read(key: string): Promise<Readable>;

  /** The keys stored below `prefix` (a folder key), sorted; empty when there are none. */
  list(prefix: string): Promise<string[]>;

  /**
   * Resolves when the store can be used: the bucket exists and answers, the local
   * root can be created and written. @throws an Error saying what is wrong (readiness shows it).
   */
  check(): Promise<void>;

  /** Releases connections; the store is not used afterwards. */
  close(): Promise<void>;
}
