import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// patches/kafkajs+2.2.4.patch, applied by patch-package (the root package's postinstall; the Docker image's deps
// stage runs it too). What each patched file must still do is in its own spec: kafkajs-grouping-patch,
// kafkajs-record-decoding-patch, kafkajs-record-encoding-patch and kafkajs-varint-patch.
const PATCH_FILE = join(__dirname, '../../../patches/kafkajs+2.2.4.patch');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const installedKafkajsVersion = (require('kafkajs/package.json') as { version: string }).version;

/** Each file of a patch-package diff (its path under node_modules) and the text each of its hunks leaves behind. */
function postImagesByFile(patch: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const fileDiff of patch.split(/^diff --git /m).slice(1)) {
    const path = /^a\/node_modules\/(\S+)/.exec(fileDiff)?.[1];
    if (path === undefined) throw new Error(`a file diff of ${PATCH_FILE} names no node_modules path`);
    const hunks = fileDiff
      .split(/^@@.*@@.*$/m)
      .slice(1)
      .map((hunk) =>
        hunk
          .split('\n')
          .filter((line) => line.startsWith(' ') || (line.startsWith('+') && !line.startsWith('+++')))
          .map((line) => line.slice(1))
          .join('\n'),
      );
    byFile.set(path, hunks);
  }
  return byFile;
}

describe('patches/kafkajs+2.2.4.patch', () => {
  it('is installed: kafkajs is 2.2.4 and every patched file holds every hunk of its diff (npm install runs patch-package)', () => {
    // A newer kafkajs needs the patch redone (npx patch-package kafkajs) or dropped; a missing postinstall leaves
    // the published files, which fail the check below.
    expect(installedKafkajsVersion).toBe('2.2.4');
    const files = postImagesByFile(readFileSync(PATCH_FILE, 'utf8'));
    expect([...files.keys()]).toEqual([
      'kafkajs/src/producer/groupMessagesPerPartition.js',
      'kafkajs/src/protocol/decoder.js',
      'kafkajs/src/protocol/encoder.js',
      'kafkajs/src/protocol/recordBatch/record/v0/decoder.js',
      'kafkajs/src/protocol/recordBatch/record/v0/index.js',
      'kafkajs/src/protocol/recordBatch/v0/index.js',
    ]);
    for (const [path, hunks] of files) {
      expect(hunks.length).toBeGreaterThan(0);
      const installed = readFileSync(require.resolve(path), 'utf8');
      const notApplied = hunks.filter((hunk) => !installed.includes(hunk));
      if (notApplied.length > 0)
        throw new Error(
          `${path} is not the patched one (${notApplied.length} of ${hunks.length} hunks of ${PATCH_FILE} missing): ` +
            'run `npm install` (its postinstall runs patch-package) or `npx patch-package`',
        );
    }
  });
});
