import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Appends lines to a file, hashing them as they go, honouring backpressure.
 * A write error (disk full, folder gone, no permission) is kept and thrown by
 * the next `writeLine` or by `close`, naming the file: a stream error nobody
 * listens to would be an uncaught exception and take the whole process down.
 */
export class HashedFileWriter {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private failure: Error | undefined;
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failure ??= new Error(`cannot write ${path}: ${error.message}`, { cause: error });
    });
  }

  async writeLine(line: string): Promise<void> {
    this.throwIfFailed();
    const text = `${line}\n`;
    this.hash.update(text, 'utf8');
    this.lines += 1;
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await this.settled('drain');
  }

  async close(): Promise<string> {
    this.throwIfFailed();
    this.stream.end();
    await this.settled('finish');
    return this.hash.digest('hex');
  }

  /** Gives up on the file (another writer of the build failed): releases the descriptor, keeps no promise. */
  abort(): void {
    this.stream.destroy();
  }

  private async settled(event: 'drain' | 'finish'): Promise<void> {
    try {
      await once(this.stream, event);
    } catch {
      // `once` rejects with the stream's error, which the constructor's listener has kept with the file's name.
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
