import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Appends lines to a file, hashing them as they go, honouring backpressure. */
export class HashedFileWriter {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  lines = 0;
  bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async writeLine(line: string): Promise<void> {
    const text = `${line}\n`;
    this.hash.update(text, 'utf8');
    this.lines += 1;
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<string> {
    this.stream.end();
    await once(this.stream, 'finish');
    return this.hash.digest('hex');
  }
}
