import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { NotFoundError } from '@hindsight/contracts';
import { artifactKey } from './artifact-keys';
import type { ArtifactStore } from './artifact-store';
import { putEachFile } from './put-each-file';

/** Bytes per chunk a read streams: a large file arrives in several chunks, as from the real stores. */
const CHUNK_BYTES = 1024 * 1024;

/**
 * The artifact store as a map in memory (`memory://<name>/<key>` URIs), for the
 * unit tier: the retrain use case's specs run against it. It runs the same
 * contract as the local and S3 stores (in-memory-artifact-store.unit.spec.ts).
 * `putFile` and `putFolder` read local files, as the interface says they do.
 */
export class InMemoryArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly objects = new Map<string, Uint8Array>();

  constructor(name = 'artifacts') {
    this.location = `memory://${name}`;
  }

  uriOf(key: string): string {
    return `${this.location}/${artifactKey(key)}`;
  }

  keyOf(uri: string): string | undefined {
    if (!uri.startsWith(`${this.location}/`)) return undefined;
    const key = uri.slice(this.location.length + 1);
    return key === '' ? undefined : key;
  }

  localPath(key: string): undefined {
    artifactKey(key);
    return undefined;
  }

  async put(key: string, bytes: Uint8Array | string): Promise<string> {
    const uri = this.uriOf(key);
    this.objects.set(
      key,
      typeof bytes === 'string' ? new Uint8Array(Buffer.from(bytes, 'utf8')) : new Uint8Array(bytes),
    );
    return uri;
  }

  async putFile(key: string, path: string): Promise<string> {
    artifactKey(key);
    return this.put(key, new Uint8Array(await readFile(path)));
  }

  putFolder(key: string, dir: string): Promise<string> {
    return putEachFile(this, artifactKey(key), dir);
  }

  async get(key: string): Promise<Uint8Array> {
    const uri = this.uriOf(key);
    const bytes = this.objects.get(key);
    if (!bytes) throw new NotFoundError('artifact', uri);
    return new Uint8Array(bytes);
  }

  async read(key: string): Promise<Readable> {
    const bytes = Buffer.from(await this.get(key));
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += CHUNK_BYTES) chunks.push(bytes.subarray(i, i + CHUNK_BYTES));
    return Readable.from(chunks);
  }

  async list(prefix: string): Promise<string[]> {
    const folder = `${artifactKey(prefix)}/`;
    return [...this.objects.keys()].filter((k) => k.startsWith(folder)).sort();
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {}
}
