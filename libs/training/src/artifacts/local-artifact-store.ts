import { constants } from 'node:fs';
import { access, copyFile, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotFoundError } from '@hindsight/contracts';
import { artifactKey } from './artifact-keys';
import { filesBelow } from './files-below';
import { putEachFile } from './put-each-file';
import type { ArtifactStore } from './artifact-store';

/** Suffix of a file being written; renamed into place when complete, never listed. */
const PARTIAL = '.partial';

/**
 * The artifact store as a local directory: a key is a path below `root`, a URI a
 * `file://` URL of the absolute path. Writes are atomic (temporary file, then
 * rename), so a reader never sees half a file.
 */
export class LocalArtifactStore implements ArtifactStore {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = isAbsolute(root) ? root : resolve(root);
    this.location = pathToFileURL(this.root).href;
  }

  localPath(key: string): string {
    return join(this.root, ...artifactKey(key).split('/'));
  }

  uriOf(key: string): string {
    return pathToFileURL(this.localPath(key)).href;
  }

  keyOf(uri: string): string | undefined {
    if (!uri.startsWith('file://')) return undefined;
    const path = relative(this.root, fileURLToPath(uri));
    if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
    return path.split(sep).join('/');
  }

  async put(key: string, bytes: Uint8Array | string): Promise<string> {
    const path = this.localPath(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}${PARTIAL}`, bytes);
    await rename(`${path}${PARTIAL}`, path);
    return this.uriOf(key);
  }

  async putFile(key: string, source: string): Promise<string> {
    const path = this.localPath(key);
    // Built in place (the trainer's datasets in a local store): already where it belongs.
    if (resolve(source) === path) return this.uriOf(key);
    await mkdir(dirname(path), { recursive: true });
    await copyFile(source, `${path}${PARTIAL}`);
    await rename(`${path}${PARTIAL}`, path);
    return this.uriOf(key);
  }

  putFolder(key: string, dir: string): Promise<string> {
    return putEachFile(this, key, dir);
  }

  async get(key: string): Promise<Uint8Array> {
    try {
      return new Uint8Array(await readFile(this.localPath(key)));
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('artifact', this.uriOf(key));
      throw error;
    }
  }

  async read(key: string): Promise<Readable> {
    try {
      // Opened first, so a missing file is a NotFoundError here rather than an error event later.
      const handle = await open(this.localPath(key), 'r');
      return handle.createReadStream({ highWaterMark: 1024 * 1024 });
    } catch (error) {
      if (isMissing(error)) throw new NotFoundError('artifact', this.uriOf(key));
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const files = await filesBelow(this.localPath(prefix));
    return files.filter((f) => !f.endsWith(PARTIAL)).map((f) => `${prefix}/${f}`);
  }

  async check(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (error) {
      throw new Error(
        `artifact folder ${this.root} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }

  async close(): Promise<void> {}
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** The local path of a `file://` artifact URI (any root); undefined for any other scheme. */
export function pathOfUri(uri: string): string | undefined {
  return uri.startsWith('file://') ? fileURLToPath(uri) : undefined;
}
